package io.contractgate.testing;

import io.contractgate.GatewayMain;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one test fixture that boots the real gateway main in the test JVM (embedded broker, real routes, HTTP server)
 * on free ports: on a copy of routes/ and schemas/ in a working folder so a test may change them ({@link #start},
 * {@link #startIn}, {@link #startWithLogins}), or on the project's own files ({@link #startProject}). It offers what
 * the tests use: known admin and viewer credentials with an {@link AdminHttp} client for each, the broker's URL, a
 * publisher and /metrics scrapes. Only this class creates a camel-main; {@link GatewayProcess} runs one as a process.
 */
public final class GatewayRunner implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "admin-secret";
    public static final String VIEWER = "viewer";
    public static final String VIEWER_PASSWORD = "viewer-secret";

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Main main;
    private final Path home;
    private final String brokerUrl;
    private final int httpPort;
    private MqttProbe publisher;

    private GatewayRunner(Main main, Path home, String brokerUrl, int httpPort) {
        this.main = main;
        this.home = home;
        this.brokerUrl = brokerUrl;
        this.httpPort = httpPort;
    }

    /** Copies the project's routes/ and schemas/ into {@code home} and starts the gateway on them. */
    public static GatewayRunner start(Path home, Map<String, String> overrides) throws Exception {
        return startIn(prepare(home), overrides);
    }

    /** Starts the gateway on the routes/ and schemas/ already in {@code home}. */
    public static GatewayRunner startIn(Path home, Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/*.camel.yaml");
        props.put("contracts.dir", home.resolve("schemas").toString());
        props.putAll(overrides);
        return boot(home, props);
    }

    /**
     * Starts the gateway on the routes/ and schemas/ already in {@code home} (see {@link #prepare}) with the admin API's
     * files in {@code home}/config and known credentials ({@link #ADMIN}, {@link #VIEWER}). The MQTT client id follows
     * the HTTP port, so a restart on the same ports resumes the gateway's session on its broker.
     */
    public static GatewayRunner startWithLogins(Path home, Map<String, String> overrides) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.server.port", String.valueOf(freePort()));
        // camel.server.host is left at its default (127.0.0.1): SecurityIT checks a fresh start listens on loopback only
        p.put("admin.config-dir", home.resolve("config").toString());
        p.put("admin.username", ADMIN);
        p.put("admin.password", ADMIN_PASSWORD);
        p.put("admin.viewer-username", VIEWER);
        p.put("admin.viewer-password", VIEWER_PASSWORD);
        p.putAll(overrides);
        p.putIfAbsent("mqtt.client-id", "gw" + p.get("camel.server.port"));
        return startIn(home, p);
    }

    /** Starts the gateway on the project's own routes/ and schemas/, its broker's data in {@code home}. */
    public static GatewayRunner startProject(Path home, Map<String, String> overrides) throws Exception {
        return boot(home, overrides);
    }

    /** {@link #startProject} in a fresh temporary folder, with overrides given as key, value, key, value, ... */
    public static GatewayRunner startProject(String... keyValues) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        return startProject(Files.createTempDirectory("gateway-under-test"), overrides);
    }

    /** Free ports and a unique client id unless the overrides name them; the overrides win. */
    private static GatewayRunner boot(Path home, Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("mqtt.embedded.port", String.valueOf(freePort()));
        props.put("mqtt.embedded.data-dir", home.resolve("data/broker").toString());
        props.put("quarantine.data-dir", home.resolve("data/quarantine").toString());
        props.put("camel.server.port", String.valueOf(freePort()));
        props.put("mqtt.client-id", "it-" + UUID.randomUUID().toString().substring(0, 8));
        props.putAll(overrides);
        String external = props.getOrDefault("mqtt.broker.url", "");
        String brokerUrl = external.isEmpty() ? "tcp://127.0.0.1:" + props.get("mqtt.embedded.port") : external;
        int httpPort = Integer.parseInt(props.get("camel.server.port"));
        Main main = new Main();
        GatewayMain.configure(main);
        props.forEach(main::addOverrideProperty);
        try {
            main.start();
        } catch (Exception | Error e) {
            main.stop(); // a refused start must not leave its threads and ports behind in the test JVM
            throw e;
        }
        return new GatewayRunner(main, home, brokerUrl, httpPort);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    /** The broker the gateway uses: {@code mqtt.broker.url} when set, else its embedded broker. */
    public String brokerUrl() {
        return brokerUrl;
    }

    public int mqttPort() {
        return URI.create(brokerUrl).getPort();
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path home() {
        return home;
    }

    /** An admin API client logging in as {@code user}. */
    public AdminHttp http(String user, String password) {
        return new AdminHttp(httpUrl(), user, password);
    }

    /** An admin API client with the credentials of {@link #startWithLogins}. */
    public AdminHttp admin() {
        return http(ADMIN, ADMIN_PASSWORD);
    }

    public AdminHttp viewer() {
        return http(VIEWER, VIEWER_PASSWORD);
    }

    /** Publishes a text payload at QoS 1 to the gateway's broker, the broker's acknowledgement awaited. */
    public void publish(String topic, String payload) throws Exception {
        MqttProbe p;
        synchronized (this) {
            if (publisher == null) {
                publisher = new MqttProbe(brokerUrl);
            }
            p = publisher;
        }
        p.publish(topic, payload);
    }

    /** GET /metrics as text. */
    public String scrape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** The sum of one sample over the label sets holding the given pairs, by exact name; 0 when absent. */
    public static double sample(String scrape, String name, String... labelPairs) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double sum = 0;
        boolean found = false;
        outer:
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labels.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) {
                    continue outer;
                }
            }
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        return found ? sum : 0;
    }

    /** {@link #sample} read from a fresh scrape. */
    public double metric(String name, String... labelPairs) throws Exception {
        return sample(scrape(), name, labelPairs);
    }

    /** Stops and ends the main for good (its shutdown latch released), so a test may restart on the same ports. */
    @Override
    public void close() {
        shutdown();
    }

    /** The same as {@link #close}, for tests that end a gateway outside a try-with-resources. */
    public void shutdown() {
        synchronized (this) {
            if (publisher != null) {
                try {
                    publisher.close();
                } catch (Exception ignored) {
                    // the broker may already be gone
                }
                publisher = null;
            }
        }
        main.stop();
        main.shutdown();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the project's routes/ and schemas/ into {@code dir}; returns {@code dir}. */
    public static Path prepare(Path dir) throws IOException {
        copyTree(Path.of("routes"), dir.resolve("routes"));
        copyTree(Path.of("schemas"), dir.resolve("schemas"));
        return dir;
    }

    public static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
