package io.contractgate.web;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The admin page's first hour (issue #18) in a real browser: boots the real gateway and runs web/tests/admin-e2e.mjs
 * (Debian's chromium with playwright-core): one sign-in per browser, a contract created from the mapping form from a
 * template, the schema-aware editor and its textarea fallback, a dry run on the mapping's topic, a diff between any
 * two versions, confirmations, and every action at 375 px. Fails (never skips) when node, chromium, playwright-core
 * or the vendored editor (web/assets/vendor/codemirror, unpacked by the build) is missing.
 */
class AdminBrowserIT {

    @TempDir
    Path home;

    @Test
    void theFirstHourOnTheAdminPageWorksInChromium() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))
                || !Files.isDirectory(Path.of("web/tests/node_modules/playwright-core"))) {
            fail("chromium or web/tests/node_modules/playwright-core is missing; run: bash scripts/install-test-deps.sh");
        }
        if (!Files.isRegularFile(Path.of("web/assets/vendor/codemirror/lib/codemirror.js"))) {
            fail("web/assets/vendor/codemirror is missing: the build unpacks it (mvn generate-resources)");
        }
        Path artifacts = Files.createDirectories(Path.of("target/e2e"));
        Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/e2e/screenshots"));
        String password = "admin-e2e-" + Long.toHexString(System.nanoTime());
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of(
                "admin.password", password,
                "admin.config-dir", home.resolve("config").toString(),
                "camel.server.host", "127.0.0.1"))) {
            Path log = artifacts.resolve("admin-e2e.log");
            Process p = new ProcessBuilder(List.of("node", "web/tests/admin-e2e.mjs", gateway.httpUrl(),
                    "--admin=admin:" + password, "--screenshots=" + screenshots, "--artifacts=" + artifacts))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(6, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("the browser test did not finish within 6 minutes:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            System.out.println(out);
            assertThat(p.exitValue()).as("admin-e2e.mjs exit code; its output:\n" + out).isZero();
            assertThat(out).contains("all 11 steps passed");
        }
        assertThat(screenshots.resolve("admin-phone.png")).isNotEmptyFile();
        assertThat(screenshots.resolve("admin-editor.png")).isNotEmptyFile();
    }
}
