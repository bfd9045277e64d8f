package io.contractgate.http;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slowloris against the real gateway over raw sockets: connections that send half a request, or nothing, or go silent
 * after an answer are closed once the idle timeout passes, while the event stream (a comment line every 15 s)
 * outlives it and other clients are answered.
 */
class HttpLimitsIT {

    @TempDir
    Path tmp;

    @Test
    void halfRequestsAndSilentConnectionsAreClosedWhileTheEventStreamStaysOpen() throws Exception {
        try (GatewayRunner g = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp.resolve("gw")), Map.of(
                HttpLimits.IDLE_KEY, "20"))) {
            int port = g.httpPort();
            String auth = Base64.getEncoder().encodeToString((GatewayRunner.ADMIN + ":"
                    + GatewayRunner.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            try (Socket events = new Socket("127.0.0.1", port);
                 Socket half = new Socket("127.0.0.1", port);
                 Socket silent = new Socket("127.0.0.1", port);
                 Socket kept = new Socket("127.0.0.1", port)) {
                for (Socket s : new Socket[] {events, half, silent, kept}) {
                    s.setSoTimeout(45_000);
                }
                write(events, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic " + auth
                        + "\r\nAccept: text/event-stream\r\n\r\n");
                assertThat(readUntil(events.getInputStream(), "\r\n\r\n")).startsWith("HTTP/1.1 200");
                long start = System.nanoTime();
                // half a request line and header, then nothing
                write(half, "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                // one whole request answered, then nothing on the kept-alive connection
                write(kept, "GET /observe/health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(readUntil(kept.getInputStream(), "\"UP\"")).startsWith("HTTP/1.1 200");

                assertThat(half.getInputStream().read()).as("half request: closed unanswered").isEqualTo(-1);
                assertThat(millisSince(start)).as("closed by the 20 s idle timeout, not at once")
                        .isBetween(15_000L, 40_000L);
                assertThat(silent.getInputStream().read()).as("no byte sent: closed").isEqualTo(-1);
                // the rest of the answer (the chunked body's end), then the end of the stream: closed
                assertThat(new String(kept.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                        .as("kept alive, then silent: closed after its answer").doesNotContain("HTTP/1.1");
                assertThat(millisSince(start)).isLessThan(40_000L);

                // the event stream outlives the idle timeout on its comment lines (every 15 s): the second comes
                // 30 s after it opened
                readUntil(events.getInputStream(), ": ping");
                assertThat(readUntil(events.getInputStream(), ": ping")).endsWith(": ping");
                assertThat(millisSince(start)).isGreaterThan(25_000L);
                assertThat(g.admin().get("/api/status").statusCode()).as("others are served").isEqualTo(200);
            }
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void write(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
    }

    /** Reads until {@code end} has been read (or the stream ends); what was read. */
    private static String readUntil(InputStream in, String end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (out.toString(StandardCharsets.US_ASCII).endsWith(end)) {
                break;
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
