package io.contractgate.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard's first hour in a real browser (web/tests/dashboard-e2e.mjs, Debian's chromium with playwright-core):
 * rates over a stated window, one series per mapping with a legend, the last hour present after a reload, sortable
 * tables, and the read-only kiosk signed in by {@code web.kiosk-token}, which this test restarts the gateway under (on
 * the same ports) to see it come back by itself. Afterwards no log line of either gateway shows the token. Fails
 * (never skips) when node, chromium or playwright-core is missing, as {@link BrowserE2EIT} does.
 */
class DashboardBrowserIT {

    /** Put after the script's last line of output (compared by identity). */
    private static final String END = new String("(end of output)");

    @TempDir
    Path home;

    @Test
    void historySortingAndKioskWorkInChromium() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))
                || !Files.isDirectory(Path.of("web/tests/node_modules/playwright-core"))) {
            fail("chromium or web/tests/node_modules/playwright-core is missing; run: bash scripts/install-test-deps.sh");
        }
        Path artifacts = Files.createDirectories(Path.of("target/e2e"));
        Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/e2e/screenshots"));
        String password = "dash-e2e-" + Long.toHexString(System.nanoTime());
        // base64's + / = on purpose: the page must read them from its URL fragment as they are
        String token = "kiosk+e2e/" + Long.toHexString(System.nanoTime()) + "=" + Long.toHexString(System.identityHashCode(this));
        Map<String, String> props = new HashMap<>(Map.of(
                "admin.password", password,
                "web.kiosk-token", token,
                "admin.config-dir", home.resolve("config").toString(),
                "camel.server.host", "127.0.0.1",
                "camel.server.port", String.valueOf(GatewayRunner.freePort()),
                "mqtt.embedded.port", String.valueOf(GatewayRunner.freePort()),
                // traffic on both mappings, so the charts and the table have something to show and sort
                "simulator.enabled", "true",
                "simulator.rate", "6"));

        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        Path log = artifacts.resolve("dashboard-e2e.log");
        GatewayRunner gateway = GatewayRunner.start(home, props);
        try {
            Process p = new ProcessBuilder(List.of("node", "web/tests/dashboard-e2e.mjs", gateway.httpUrl(),
                    "--admin=admin:" + password, "--kiosk=" + token,
                    "--screenshots=" + screenshots, "--artifacts=" + artifacts))
                    .redirectErrorStream(true).start();
            // the script's output goes to the log; its RESTART-GATEWAY line makes this test restart the gateway
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread pump = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(reading the script's output failed: " + e + ")");
                } finally {
                    lines.add(END);
                }
            }, "dashboard-e2e-output");
            pump.start();
            Files.writeString(log, "");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
            try (Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != END; ) {
                    if (line == null) {
                        p.destroyForcibly();
                        fail("the browser test did not finish within 6 minutes:\n" + Files.readString(log));
                    }
                    Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
                    if (line.equals("RESTART-GATEWAY")) {
                        gateway.shutdown();
                        gateway = GatewayRunner.start(home, props);
                        in.write("RESTARTED\n");
                        in.flush();
                    }
                }
            }
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("the browser test did not exit:\n" + Files.readString(log));
            }
            String output = Files.readString(log);
            System.out.println(output);
            assertThat(p.exitValue()).as("dashboard-e2e.mjs exit code; its output:\n" + output).isZero();
            assertThat(output).contains("all 11 steps passed");
        } finally {
            gateway.shutdown();
            root.detachAppender(logs);
        }
        assertThat(logs.list).as("log lines of both gateways").isNotEmpty()
                .noneMatch(e -> e.getFormattedMessage().contains(token)
                        || e.getThrowableProxy() != null && String.valueOf(e.getThrowableProxy().getMessage()).contains(token));
        assertThat(screenshots.resolve("dashboard.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("kiosk.png")).isNotEmptyFile();
    }
}
