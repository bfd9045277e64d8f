package io.contractgate.mqtt;

import java.io.IOException;
import java.io.OutputStream;
import java.util.function.BooleanSupplier;

/**
 * A socket output stream that holds a flush back while the writer has another packet ready, so at high rates several
 * MQTT packets leave in one system call, and a packet with nothing queued behind it leaves at once (no added latency).
 *
 * <p>Why: Paho's send thread writes and flushes every packet on its own, one {@code write} system call per message,
 * which on loopback also pays the receiving side's TCP processing. Paho writes from its one send thread only, so the
 * stream needs no lock.
 */
final class CoalescingOutputStream extends OutputStream {

    /** Bytes gathered before they go to the socket even without a flush. */
    static final int BUFFER = 64 * 1024;

    private final OutputStream socket;
    private final BooleanSupplier moreToSend;
    private final byte[] buf = new byte[BUFFER];
    private int count;

    /** @param moreToSend true while the writer will write and flush again right away (see {@link PahoSendQueue}) */
    CoalescingOutputStream(OutputStream socket, BooleanSupplier moreToSend) {
        this.socket = socket;
        this.moreToSend = moreToSend;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) {
            drain();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count) {
            drain();
            if (len > buf.length) {
                socket.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    @Override
    public void flush() throws IOException {
        if (count == 0 || moreToSend.getAsBoolean()) {
            return; // the writer's next flush carries these bytes along
        }
        drain();
        socket.flush();
    }

    private void drain() throws IOException {
        if (count > 0) {
            int n = count;
            count = 0;
            socket.write(buf, 0, n);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            socket.close();
        }
    }
}
