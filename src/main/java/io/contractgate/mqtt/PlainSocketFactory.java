package io.contractgate.mqtt;

import javax.net.SocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.BooleanSupplier;

/**
 * Plain TCP sockets for the gateway's Paho clients: reads go through a buffer, writes are gathered while the owning
 * client has more to send (when told how to know, see {@link #coalesceWith}), and Nagle is off when configured.
 */
public final class PlainSocketFactory extends SocketFactory {

    /** Bytes read from the kernel at once: many small MQTT packets per read at high rates. */
    static final int READ_BUFFER = 64 * 1024;

    private final boolean tcpNoDelay;
    /** The default answer to "more to send?": the sockets then keep their own output stream, as Paho expects. */
    private static final BooleanSupplier NEVER = () -> false;

    /** Whether the client owning this factory's sockets has another packet ready to send; by default never. */
    private volatile BooleanSupplier moreToSend = NEVER;

    /** @param tcpNoDelay turn Nagle off: Paho leaves it on, which delays small packets at low rates */
    public PlainSocketFactory(boolean tcpNoDelay) {
        this.tcpNoDelay = tcpNoDelay;
    }

    /**
     * Lets the sockets created from now on hold a flush back while {@code moreToSend} says the client's send thread
     * has another packet ready. Only for a factory used by one client (each reconnect creates a new socket).
     */
    void coalesceWith(BooleanSupplier moreToSend) {
        this.moreToSend = moreToSend;
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
        return tune(new BufferedSocket(moreToSend));
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
        BufferedSocket s = tune(new BufferedSocket(moreToSend));
        if (local != null) {
            s.bind(local);
        }
        s.connect(remote);
        return s;
    }

    /**
     * An unconnected plain socket whose input stream is buffered (Paho's receiver reads each packet's fixed header byte
     * by byte, which on a bare socket stream is one system call per byte) and whose output stream gathers packets when
     * its factory was told how to know that more are coming.
     */
    static final class BufferedSocket extends Socket {

        private InputStream in;
        private OutputStream out;
        private final BooleanSupplier moreToSend;

        BufferedSocket(BooleanSupplier moreToSend) {
            this.moreToSend = moreToSend;
        }

        @Override
        public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) {
                // Paho buffers each packet itself: a socket that never holds a flush needs no second buffer
                out = moreToSend == NEVER ? super.getOutputStream()
                        : new CoalescingOutputStream(super.getOutputStream(), moreToSend);
            }
            return out;
        }

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new BufferedInputStream(super.getInputStream(), READ_BUFFER) {
                    @Override
                    public int available() throws IOException {
                        // Paho's receive thread calls this at the top of its loop, before it reads the next packet
                        // and holding none of Paho's locks: the moment to handle the message it just read
                        InlineDelivery.runDeferred();
                        return bufferedOrKernel();
                    }

                    private synchronized int bufferedOrKernel() throws IOException {
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
