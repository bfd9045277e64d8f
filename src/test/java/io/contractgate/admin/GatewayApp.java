package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import org.apache.camel.CamelContext;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test helper for the admin tests: the gateway booted by {@link GatewayRunner} on a copy of routes/ and schemas/, with
 * known admin and viewer credentials and an HTTP client for each.
 */
final class GatewayApp implements AutoCloseable {

    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "admin-secret";
    static final String VIEWER = "viewer";
    static final String VIEWER_PASSWORD = "viewer-secret";

    final Path dir;
    final int httpPort;
    final int mqttPort;
    private final GatewayRunner runner;

    private GatewayApp(Path dir, int httpPort, int mqttPort, Map<String, String> extra) throws Exception {
        this.dir = dir;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.server.port", Integer.toString(httpPort));
        // camel.server.host is left at its default (127.0.0.1): SecurityIT checks a fresh start listens on loopback only
        p.put("mqtt.embedded.port", Integer.toString(mqttPort));
        p.put("mqtt.embedded.data-dir", dir.resolve("data/broker").toString());
        p.put("quarantine.data-dir", dir.resolve("data/quarantine").toString());
        p.put("camel.main.routes-include-pattern", "file:" + dir.resolve("routes") + "/*.camel.yaml");
        p.put("contracts.dir", dir.resolve("schemas").toString());
        p.put("admin.config-dir", dir.resolve("config").toString());
        p.put("admin.username", ADMIN);
        p.put("admin.password", ADMIN_PASSWORD);
        p.put("admin.viewer-username", VIEWER);
        p.put("admin.viewer-password", VIEWER_PASSWORD);
        p.put("mqtt.client-id", "gw" + httpPort);
        p.putAll(extra);
        runner = GatewayRunner.startIn(dir, p);
    }

    /** Copies routes/ and schemas/ of the project into {@code dir}. */
    static Path prepare(Path dir) throws IOException {
        copyTree(Path.of("routes"), dir.resolve("routes"));
        copyTree(Path.of("schemas"), dir.resolve("schemas"));
        return dir;
    }

    static GatewayApp start(Path dir) throws Exception {
        return start(dir, freePort(), freePort(), Map.of());
    }

    static GatewayApp start(Path dir, int httpPort, int mqttPort, Map<String, String> extra) throws Exception {
        return new GatewayApp(dir, httpPort, mqttPort, extra);
    }

    CamelContext context() {
        return runner.context();
    }

    String mqttUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    AdminHttp http(String user, String password) {
        return new AdminHttp("http://127.0.0.1:" + httpPort, user, password);
    }

    AdminHttp admin() {
        return http(ADMIN, ADMIN_PASSWORD);
    }

    AdminHttp viewer() {
        return http(VIEWER, VIEWER_PASSWORD);
    }

    @Override
    public void close() throws Exception {
        runner.shutdown();
    }

    static int freePort() {
        return GatewayRunner.freePort();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        GatewayRunner.copyTree(from, to);
    }
}
