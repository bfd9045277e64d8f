package io.contractgate.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Whether the HTTP API answers, for the readiness check "http-api": every REST route is started (its paths are
 * mounted on the server) and the server on {@code camel.server.host:port} answers a request. The probe behind
 * {@code /observe/health/ready} reaches the management server, which is not necessarily the API's (a separate
 * {@code camel.management.port}), so the API is asked on its own port. Plain Java: one socket, no Camel.
 */
public final class HttpApiProbe {

    /** A path on the API; the answer (401 without credentials) proves the server and its /api handlers answer. */
    static final String PATH = "/api/status";

    private final String host;
    private final int port;
    private final boolean tls;
    private final int timeoutMillis;

    /**
     * @param host {@code camel.server.host}; a wildcard address is asked on loopback
     * @param tls  the port speaks TLS: then a TCP connection is all that is checked (no certificate to trust here)
     */
    public HttpApiProbe(String host, int port, boolean tls, int timeoutMillis) {
        this.host = "0.0.0.0".equals(host) || host == null || host.isBlank() ? "127.0.0.1"
                : "::".equals(host) || "[::]".equals(host) ? "::1" : host;
        this.port = port;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Null when the API answers, else one sentence saying what does not (no quotes: health messages are written into
     * JSON unescaped).
     *
     * @param restRoutes the REST routes by id and whether each is started
     */
    public String problem(Map<String, Boolean> restRoutes) {
        if (restRoutes.isEmpty()) {
            return "no REST route of the HTTP API exists yet";
        }
        List<String> stopped = restRoutes.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .sorted().toList();
        if (!stopped.isEmpty()) {
            return "HTTP API routes not started: " + String.join(", ", stopped);
        }
        return answerProblem();
    }

    /** Null when something answers HTTP on the API's address (any status below 500), else why not. */
    String answerProblem() {
        String where = host + ":" + port + " (camel.server.host, camel.server.port)";
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            if (tls) {
                return null;
            }
            s.setSoTimeout(timeoutMillis);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + PATH + " HTTP/1.0\r\nHost: " + host + ":" + port + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = statusLine(s.getInputStream());
            if (!status.matches("HTTP/1\\.[01] \\d{3}.*")) {
                return "the HTTP API at " + where + " did not answer HTTP (got " + sanitize(status) + ")";
            }
            int code = Integer.parseInt(status.substring(9, 12));
            return code >= 500 ? "the HTTP API at " + where + " answers " + code : null;
        } catch (IOException e) {
            return "the HTTP API at " + where + " does not answer: " + sanitize(String.valueOf(e.getMessage()));
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n' && line.length() < 200) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static String sanitize(String text) {
        return text.replaceAll("[\"\\\\\\p{Cntrl}]", " ").trim();
    }
}
