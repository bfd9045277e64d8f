package io.contractgate.mqtt;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Plain TCP sockets for the gateway's Paho clients: reads go through a buffer, and Nagle is off when configured.
 */
public final class PlainSocketFactory extends SocketFactory {

    /** Bytes read from the kernel at once: many small MQTT packets per read at high rates. */
    static final int READ_BUFFER = 64 * 1024;

    private final boolean tcpNoDelay;

    /** @param tcpNoDelay turn Nagle off: Paho leaves it on, which delays small packets at low rates */
    public PlainSocketFactory(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
    }

    private <S extends Socket> S tune(S s) throws IOException {
        if (tcpNoDelay) {
            s.setTcpNoDelay(true);
        }
        return s;
    }

    @Override
    public Socket createSocket() throws IOException {
        // the one Paho calls (then connect)
        return tune(new BufferedSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return open(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return open(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return open(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return open(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket open(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        BufferedSocket s = tune(new BufferedSocket());
        if (local != null) {
            s.bind(local);
        }
        s.connect(remote);
        return s;
    }

    /**
     * An unconnected plain socket whose input stream is buffered: Paho's receiver reads each packet's fixed header byte
     * by byte, which on a bare socket stream is one system call per byte.
     */
    static final class BufferedSocket extends Socket {

        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), READ_BUFFER) {
                    @Override
                    public synchronized int available() throws IOException {
                        // Paho asks before every packet only to set a state flag: answer from the buffer when it
                        // holds data instead of asking the kernel (one ioctl system call per message)
                        int buffered = count - pos;
                        return buffered > 0 ? buffered : super.available();
                    }
                };
            }
            return in;
        }
    }
}
