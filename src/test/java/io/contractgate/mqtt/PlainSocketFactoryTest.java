package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain sockets Paho gets: Nagle as configured, and a read buffer that batches many small packets per read. */
class PlainSocketFactoryTest {

    @Test
    void socketsReadThroughOneBufferAndHonourNagleSetting() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            for (boolean noDelay : new boolean[]{true, false}) {
                try (Socket s = new PlainSocketFactory(noDelay).createSocket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
                    try (Socket peer = server.accept(); OutputStream out = peer.getOutputStream()) {
                        assertThat(s.getTcpNoDelay()).isEqualTo(noDelay);
                        InputStream in = s.getInputStream();
                        assertThat(in).isInstanceOf(BufferedInputStream.class).isSameAs(s.getInputStream());
                        out.write(new byte[]{0x30, 0x02, 'h', 'i'}); // a tiny MQTT-sized packet
                        out.flush();
                        assertThat(in.read()).isEqualTo(0x30);
                        assertThat(in.available()).as("the rest of the packet came in the same read").isEqualTo(3);
                    }
                }
            }
        }
    }

    @Test
    void connectingOverloadsGiveConnectedBufferedSockets() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            PlainSocketFactory f = new PlainSocketFactory(true);
            try (Socket a = f.createSocket("127.0.0.1", server.getLocalPort());
                 Socket b = f.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                for (Socket s : new Socket[]{a, b}) {
                    assertThat(s.isConnected()).isTrue();
                    assertThat(s.getTcpNoDelay()).isTrue();
                    assertThat(s.getInputStream()).isInstanceOf(BufferedInputStream.class);
                }
            }
        }
    }
}
