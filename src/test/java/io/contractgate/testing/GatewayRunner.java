package io.contractgate.testing;

import io.contractgate.GatewayMain;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The one test harness that boots the real gateway main (embedded broker, real routes, HTTP server) on free ports:
 * on a copy of routes/ and schemas/ in a working folder so a test may change them ({@link #start}, {@link #startIn}),
 * or on the project's own files ({@link #startProject}). Helpers with a narrower view (admin HTTP, metrics scrapes)
 * wrap it; only this class creates a camel-main.
 */
public final class GatewayRunner implements AutoCloseable {

    private final Main main;
    private final Path home;
    private final int mqttPort;
    private final int httpPort;

    private GatewayRunner(Main main, Path home, int mqttPort, int httpPort) {
        this.main = main;
        this.home = home;
        this.mqttPort = mqttPort;
        this.httpPort = httpPort;
    }

    /** Copies the project's routes/ and schemas/ into {@code home} and starts the gateway on them. */
    public static GatewayRunner start(Path home, Map<String, String> overrides) throws Exception {
        copyTree(Path.of("routes"), home.resolve("routes"));
        copyTree(Path.of("schemas"), home.resolve("schemas"));
        return startIn(home, overrides);
    }

    /** Starts the gateway on the routes/ and schemas/ already in {@code home}. */
    public static GatewayRunner startIn(Path home, Map<String, String> overrides) throws Exception {
        Map<String, String> props = new HashMap<>();
        props.put("camel.main.routes-include-pattern", "file:" + home.resolve("routes") + "/*.camel.yaml");
        props.put("contracts.dir", home.resolve("schemas").toString());
        props.putAll(overrides);
        return boot(home, props);
    }

    /** Starts the gateway on the project's own routes/ and schemas/, its broker's data in {@code home}. */
    public static GatewayRunner startProject(Path home, Map<String, String> overrides) throws Exception {
        return boot(home, overrides);
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
        int mqttPort = Integer.parseInt(props.get("mqtt.embedded.port"));
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
        return new GatewayRunner(main, home, mqttPort, httpPort);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public String brokerUrl() {
        return "tcp://127.0.0.1:" + mqttPort;
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

    @Override
    public void close() {
        main.stop();
    }

    /** Stops and ends the main for good (its shutdown latch released), for tests that restart on the same ports. */
    public void shutdown() {
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
