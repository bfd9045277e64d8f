package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Packets leave at once when nothing is queued behind them, and together in one write while more are coming. */
class CoalescingOutputStreamTest {

    /** Stands in for the socket: records each write call and each flush. */
    private static final class Socket extends ByteArrayOutputStream {
        final List<String> calls = new ArrayList<>();

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            calls.add("write " + new String(b, off, len, StandardCharsets.ISO_8859_1));
            super.write(b, off, len);
        }

        @Override
        public void flush() {
            calls.add("flush");
        }
    }

    @Test
    void aPacketWithNothingBehindItIsWrittenAndFlushedAtOnce() throws IOException {
        Socket socket = new Socket();
        CoalescingOutputStream out = new CoalescingOutputStream(socket, () -> false);
        out.write('A');
        out.write("pkt1".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(socket.calls).as("nothing leaves before the flush").isEmpty();
        out.flush();
        out.write("pkt2".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(socket.calls).containsExactly("write Apkt1", "flush", "write pkt2", "flush");
    }

    @Test
    void flushesWhileMoreIsComingAreHeldAndTheLastOneSendsEverythingInOneWrite() throws IOException {
        Socket socket = new Socket();
        AtomicBoolean more = new AtomicBoolean(true);
        CoalescingOutputStream out = new CoalescingOutputStream(socket, more::get);
        for (String p : new String[]{"p1", "p2", "p3"}) {
            out.write(p.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        assertThat(socket.calls).isEmpty();
        more.set(false);
        out.write("p4".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        assertThat(socket.calls).containsExactly("write p1p2p3p4", "flush");
        out.flush();
        assertThat(socket.calls).as("an empty flush sends nothing").hasSize(2);
    }

    @Test
    void aFullBufferGoesOutWithoutWaitingForAFlushAndBigPacketsPassStraightThrough() throws IOException {
        Socket socket = new Socket();
        CoalescingOutputStream out = new CoalescingOutputStream(socket, () -> true);
        byte[] chunk = new byte[CoalescingOutputStream.BUFFER / 2 + 1];
        Arrays.fill(chunk, (byte) 'x');
        out.write(chunk);
        out.write(chunk); // does not fit behind the first: the first goes out
        assertThat(socket.size()).isEqualTo(chunk.length);
        byte[] big = new byte[CoalescingOutputStream.BUFFER * 2];
        out.write(big);
        assertThat(socket.size()).as("order kept: the held chunk, then the big packet")
                .isEqualTo(2 * chunk.length + big.length);
        out.write('z');
        out.close();
        assertThat(socket.size()).as("close sends what is held").isEqualTo(2 * chunk.length + big.length + 1);
    }
}
