package io.contractgate.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.testing.GatewayRunner;
import io.questdb.ServerMain;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-JVM QuestDB: a real server that accepts the InfluxDB v2 write API ({@code /api/v2/write}) and answers SQL over
 * {@code GET /exec}, bound to 127.0.0.1 on a free port. Can be stopped and started again on the same data folder and
 * port, for the outage test.
 */
public final class QuestDbServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    public final int port;
    private ServerMain server;
    private final HttpClient http = HttpClient.newHttpClient();

    public QuestDbServer(Path root) {
        this(root, GatewayRunner.freePort());
    }

    public QuestDbServer(Path root, int port) {
        this.root = root;
        this.port = port;
    }

    public QuestDbServer start() {
        try {
            java.nio.file.Files.createDirectories(root);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Map<String, String> env = new LinkedHashMap<>(System.getenv());
        env.put("QDB_HTTP_BIND_TO", "127.0.0.1:" + port);
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_PG_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_SHARED_WORKER_COUNT", "1");
        env.put("QDB_HTTP_WORKER_COUNT", "1");
        server = ServerMain.create(root.toString(), env);
        server.start();
        return this;
    }

    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Rows of a SQL query, each as column name to value; empty when the table does not exist yet. */
    public List<Map<String, JsonNode>> query(String sql) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url() + "/exec?query="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            if (body.path("error").asText().contains("does not exist")) {
                return List.of();
            }
            throw new IllegalStateException("QuestDB answered " + r.statusCode() + ": " + r.body());
        }
        if (!body.has("columns")) {
            return List.of(); // DDL: {"ddl":"OK"}
        }
        List<String> columns = new ArrayList<>();
        body.get("columns").forEach(c -> columns.add(c.get("name").asText()));
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (JsonNode row : body.get("dataset")) {
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                m.put(columns.get(i), row.get(i));
            }
            rows.add(m);
        }
        return rows;
    }

    /** {@code select count() ...}; 0 while the table does not exist. */
    public long count(String where) throws Exception {
        List<Map<String, JsonNode>> rows = query("select count() c from mqtt_messages" + (where.isEmpty() ? ""
                : " where " + where));
        return rows.isEmpty() ? 0 : rows.get(0).get("c").asLong();
    }

    @Override
    public void close() {
        stop();
    }
}
