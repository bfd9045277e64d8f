package io.contractgate.web;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard and the admin page in a real browser: boots the real gateway (embedded broker, simulator on) and runs
 * web/tests/e2e.mjs, which drives Debian's chromium with playwright-core through login, contract and mapping
 * changes, publishing, the live dashboard, version rollback, the viewer role and phone width. Fails (never skips)
 * when node, chromium or playwright-core is missing. Screenshots go to {@code -De2e.screenshots=DIR}
 * (default target/e2e/screenshots; docs/screenshots holds the committed ones).
 */
class BrowserE2EIT {

    private static final String INSTALL = "run: bash scripts/install-test-deps.sh";

    @TempDir
    Path home;

    @Test
    void dashboardAndAdminPageWorkInChromium() throws Exception {
        String node = requireNode();
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))) {
            fail("/usr/bin/chromium is missing (Debian package chromium); " + INSTALL);
        }
        if (!Files.isDirectory(Path.of("web/tests/node_modules/playwright-core"))) {
            fail("web/tests/node_modules/playwright-core is missing; " + INSTALL);
        }
        Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/e2e/screenshots"));
        Path artifacts = Path.of("target/e2e");
        Files.createDirectories(artifacts);

        String adminPassword = "e2e-admin-" + Long.toHexString(System.nanoTime());
        String viewerPassword = "e2e-viewer-" + Long.toHexString(System.nanoTime());
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of(
                "admin.password", adminPassword,
                "admin.viewer-password", viewerPassword,
                "admin.config-dir", home.resolve("config").toString(),
                "camel.server.host", "127.0.0.1",
                // a little real traffic, so the dashboard shows rates and a mix of verdicts
                "simulator.enabled", "true",
                "simulator.rate", "6"))) {
            List<String> cmd = new ArrayList<>(List.of(node, "web/tests/e2e.mjs", gateway.httpUrl(),
                    "--admin=admin:" + adminPassword, "--viewer=viewer:" + viewerPassword,
                    "--screenshots=" + screenshots, "--artifacts=" + artifacts));
            Path log = artifacts.resolve("e2e.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(8, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("the browser test did not finish within 8 minutes; its output:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            System.out.println(out);
            assertThat(p.exitValue()).as("web/tests/e2e.mjs exit code; its output:\n" + out).isZero();
            assertThat(out).contains("all ").contains(" steps passed");
        }
        assertThat(screenshots.resolve("dashboard.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("admin.png")).isNotEmptyFile();
    }

    private static String requireNode() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && v.startsWith("v")) {
                int major = Integer.parseInt(v.substring(1, v.indexOf('.')));
                if (major < 18) {
                    fail("node " + v + " is too old for playwright-core (needs 18+); " + INSTALL);
                }
                return "node";
            }
        } catch (IOException | NumberFormatException e) {
            // reported below
        }
        return fail("node is not installed (the browser tests run web/tests/e2e.mjs with it); " + INSTALL);
    }
}
