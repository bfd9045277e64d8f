package io.contractgate.mqtt;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An in-JVM MQTT 5 broker (HiveMQ CE, file persistence under a data folder) so that the first run needs nothing
 * installed and a gateway killed mid-stream loses nothing the broker acknowledged.
 */
public final class EmbeddedBroker implements AutoCloseable {

    private final String bind;
    private final int port;
    private final Path dataDir;
    /**
     * Messages the broker queues per session for a client that is away or slower than its publishers (HiveMQ's
     * default, 1,000, would drop acknowledged messages during any backlog: a restart, a paused mapping, a burst).
     * Queued messages live in the data folder, not in memory.
     */
    static final int MAX_QUEUED_MESSAGES = 10_000_000;
    /**
     * Room above the largest payload the gateway checks ({@code contracts.max-payload-bytes}) in the largest packet the
     * broker takes: topic and properties, and payloads just over the limit, which still get their {@code length}
     * report. HiveMQ's own limit (256 MB) let a client publish what the gateway's 128 MB JVM cannot hold: three
     * 30 MB messages stalled a mapping without a log line, 100 MB ran the broker out of memory.
     */
    public static final int PACKET_HEADROOM = 1024 * 1024;
    private final int maxPacketBytes;
    private Path home;
    private EmbeddedHiveMQ hivemq;
    private CompletableFuture<Void> starting;

    /**
     * @param dataDir where the broker keeps sessions, in-flight and queued messages (file persistence), so a gateway
     *                killed mid-stream finds them again at its next start
     */
    public EmbeddedBroker(String bind, int port, Path dataDir, int maxPayloadBytes) {
        this.maxPacketBytes = (int) Math.min(268_435_460L, (long) maxPayloadBytes + PACKET_HEADROOM); // MQTT's largest
        this.bind = bind;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts the broker and waits until it accepts connections; fails naming the port when it cannot. */
    public void start() {
        begin();
        awaitStarted();
    }

    /**
     * Checks the port (a busy one fails at once) and starts the broker in the background: HiveMQ opens its file stores
     * on its own threads while the gateway wires everything else. {@link #awaitStarted} joins it.
     */
    public void begin() {
        checkPortFree();
        try {
            home = Files.createTempDirectory("contract-gateway-broker");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <?xml version="1.0"?>
                    <hivemq>
                      <listeners>
                        <tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener>
                      </listeners>
                      <persistence><mode>file</mode></persistence>
                      <mqtt>
                        <queued-messages><max-queue-size>%d</max-queue-size><strategy>discard</strategy></queued-messages>
                        <packets><max-packet-size>%d</max-packet-size></packets>
                      </mqtt>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>
                    """.formatted(port, bind, MAX_QUEUED_MESSAGES, maxPacketBytes));
            hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(dataDir.toAbsolutePath()))
                    .withExtensionsFolder(Files.createDirectories(home.resolve("extensions")))
                    .withoutLoggingBootstrap() // keep the application's own logging configuration
                    .build();
            starting = hivemq.start();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot prepare the embedded broker's folder", e);
        } catch (RuntimeException e) {
            throw failed(e);
        }
    }

    /** Waits until the broker started by {@link #begin} accepts connections; fails naming the port when it cannot. */
    public void awaitStarted() {
        try {
            starting.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failed(e);
        } catch (Exception e) {
            throw failed(e.getCause() != null && !(e instanceof java.util.concurrent.TimeoutException) ? e.getCause() : e);
        }
    }

    private IllegalStateException failed(Throwable e) {
        close(); // no half-started broker or temp folder left behind
        return new IllegalStateException(explain(bind, port, dataDir, e), e);
    }

    /**
     * Why the broker did not start, in one line. HiveMQ logs a store it cannot open (a full or unwritable data folder:
     * "An error occurred while opening the ... persistence") and never completes its start, so the wait times out
     * with no message: that case names the data folder and its free space, not only the port.
     */
    static String explain(String bind, int port, Path dataDir, Throwable e) {
        String start = "embedded MQTT broker could not start on " + bind + ":" + port + " (mqtt.embedded.port): ";
        if (!(e instanceof java.util.concurrent.TimeoutException)) {
            return start + e.getMessage();
        }
        String free;
        try {
            free = Files.getFileStore(dataDir).getUsableSpace() / (1024 * 1024) + " MB free";
        } catch (IOException | RuntimeException unknown) {
            free = "free space unknown";
        }
        return start + "it did not start within 60 s; the log above says which of its stores did not open. Its data "
                + "folder " + dataDir.toAbsolutePath() + " (mqtt.embedded.data-dir, " + free + ") must be writable "
                + "and have room: its stores need tens of MB at start";
    }

    /**
     * HiveMQ only logs a listener it cannot bind and then never completes its start, so a busy port (often a local
     * Mosquitto on 1883) would hang the gateway: check first and fail with what to do instead.
     */
    private void checkPortFree() {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the broker's own listener does: a port in TIME_WAIT is free
            probe.bind(new InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw new io.contractgate.startup.StartupProblem("mqtt.embedded.port: " + bind + ":" + port + " is already in use ("
                    + e.getMessage() + "). To use the broker that listens there, set mqtt.broker.url=" + url()
                    + "; to run the embedded broker anyway, set mqtt.embedded.port to a free port.", e);
        }
    }

    /** True once the JVM runs its shutdown hooks: registering another hook is refused then. */
    private static boolean jvmExiting() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException exiting) {
            return true;
        }
    }

    public String url() {
        return url(bind, port);
    }

    /** The URL clients use for an embedded broker listening on {@code bind:port} (a wildcard bind: loopback). */
    public static String url(String bind, int port) {
        return "tcp://" + ("0.0.0.0".equals(bind) ? "127.0.0.1" : bind) + ":" + port;
    }

    @Override
    public void close() {
        if (hivemq != null) {
            try {
                CompletableFuture<Void> stopped = hivemq.stop();
                if (jvmExiting()) {
                    // Ctrl-C or SIGTERM: do not wait out HiveMQ's fixed 2 s network quiet periods (~4 s); its file
                    // persistence is crash-safe (a kill -9 test shows it), the JVM ends its threads after the hooks
                    stopped.get(500, TimeUnit.MILLISECONDS);
                } else {
                    stopped.get(30, TimeUnit.SECONDS);
                }
                hivemq.close();
            } catch (Exception e) {
                // shutting down anyway; nothing left to protect
            }
            hivemq = null;
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // temp folder; the OS cleans it eventually
            }
        }
    }
}
