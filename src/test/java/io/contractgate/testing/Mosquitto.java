package io.contractgate.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/** A real Mosquitto broker (Debian package) in its own process, with the listeners a test writes in its config. */
public final class Mosquitto implements AutoCloseable {

    private final Process process;
    private final Path log;

    private Mosquitto(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mosquitto -c <config>} in {@code dir}, as the current user, and waits until every port in {@code ports} accepts
     * connections; fails with the broker's log when it does not come up.
     */
    public static Mosquitto start(Path dir, String config, int... ports) throws Exception {
        Path conf = dir.resolve("mosquitto.conf");
        // run as the test's own user (mosquitto started as root drops to user "mosquitto"), so the broker can read
        // the key and password files the test just wrote, which are owner-only
        Files.writeString(conf, "user " + System.getProperty("user.name") + "\n" + config);
        Path log = dir.resolve("mosquitto.log");
        Process p = new ProcessBuilder(binary(), "-c", conf.toString()).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Mosquitto m = new Mosquitto(p, log);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        for (int port : ports) {
            while (!accepts(port)) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    m.close();
                    throw new IllegalStateException("mosquitto did not open port " + port + ":\n"
                            + Files.readString(log));
                }
                Thread.sleep(50);
            }
        }
        return m;
    }

    private static String binary() {
        for (String candidate : new String[]{"/usr/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("mosquitto is not installed: run scripts/install-test-deps.sh");
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
