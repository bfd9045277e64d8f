package io.contractgate.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The real gateway main in a separate JVM (same classpath as the tests, {@code -Xmx256m}), working in its home folder
 * like a user's installation, with its own HTTP port; stdout/stderr appended to home/gateway.log. The one harness for
 * out-of-process gateways: a fleet of them (faults/SharedSubscriptionIT, fleet/FleetStateIT) or one to
 * {@code kill -9} ({@link #kill()} is SIGKILL). {@link GatewayRunner} is the in-JVM counterpart.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path home;
    private final int httpPort;
    private final Map<String, String> props;
    private Process process;

    /**
     * A gateway on a copy of the project's application.properties, routes/ and schemas/ in {@code home}; web.dir
     * points at the project's web/.
     */
    public GatewayProcess(Path home, Map<String, String> props) throws IOException {
        this(home, props, true);
    }

    private GatewayProcess(Path home, Map<String, String> props, boolean copyProject) throws IOException {
        this.home = home;
        this.httpPort = GatewayRunner.freePort();
        this.props = props;
        if (copyProject) {
            GatewayRunner.copyTree(Path.of("routes"), home.resolve("routes"));
            GatewayRunner.copyTree(Path.of("schemas"), home.resolve("schemas"));
            Files.copy(Path.of("application.properties"), home.resolve("application.properties"));
        }
    }

    /** A gateway on whatever {@code home} holds (nothing copied). */
    public static GatewayProcess in(Path home, Map<String, String> props) throws IOException {
        return new GatewayProcess(Files.createDirectories(home), props, false);
    }

    public GatewayProcess start() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.contractgate.GatewayMain",
                "--camel.server.port=" + httpPort, "--camel.server.host=127.0.0.1",
                "--web.dir=" + Path.of("web").toAbsolutePath()));
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Path log = home.resolve("gateway.log");
        Files.writeString(log, "==== start " + java.time.Instant.now() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    /** Waits until the gateway answers GET /observe/health with 200 (its routes have started by then). */
    public GatewayProcess awaitReady(Duration atMost) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            await("gateway ready on " + httpPort).atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .failFast("the gateway process exited", () -> !process.isAlive())
                    .ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(URI.create(httpUrl()
                                    + "/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("gateway did not become ready:\n" + log(), e);
        }
        return this;
    }

    /**
     * The sum of a counter over the series whose labels include every {@code label="value"} given, from this gateway's
     * own {@code GET /metrics} (e.g. {@code counter("mqtt_messages_total", "mapping", "sensor1")}): what this one
     * member of a fleet did.
     */
    public long counter(String name, String... labelsAndValues) {
        HttpResponse<String> r;
        try {
            r = HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/metrics")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (r.statusCode() != 200) {
            throw new AssertionError("/metrics of " + home + ": " + r.statusCode());
        }
        double sum = 0;
        for (String l : r.body().split("\n")) {
            if (!l.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
                all &= l.contains(labelsAndValues[i] + "=\"" + labelsAndValues[i + 1] + "\"");
            }
            if (all) {
                sum += Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1));
            }
        }
        return (long) sum;
    }

    /** Waits for the process to end by itself (a refused start) and answers its exit code. */
    public int awaitExit(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway still runs after " + atMost + ":\n" + log());
        }
        return process.exitValue();
    }

    /** SIGTERM, like a stop in order (Kubernetes, systemd); SIGKILL if it has not ended within {@code atMost}. */
    public void stop(Duration atMost) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** SIGKILL, like {@code kill -9}. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public Path home() {
        return home;
    }

    public int httpPort() {
        return httpPort;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String log() {
        try {
            return Files.readString(home.resolve("gateway.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
    }
}
