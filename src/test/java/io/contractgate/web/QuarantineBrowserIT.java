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
 * The admin page's Quarantine tab in a real browser (web/tests/quarantine-e2e.mjs, Debian's chromium with
 * playwright-core): search → open → preview a fixed contract → save and re-drive, with the job's progress live.
 * Fails (never skips) when node, chromium or playwright-core is missing, as {@link BrowserE2EIT} does.
 */
class QuarantineBrowserIT {

    @TempDir
    Path home;

    @Test
    void searchPreviewAndSaveAndRedriveWorkInChromium() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))
                || !Files.isDirectory(Path.of("web/tests/node_modules/playwright-core"))) {
            fail("chromium or web/tests/node_modules/playwright-core is missing; run: bash scripts/install-test-deps.sh");
        }
        Path artifacts = Files.createDirectories(Path.of("target/e2e"));
        Path screenshots = Path.of(System.getProperty("e2e.screenshots", "target/e2e/screenshots"));
        String password = "q-e2e-" + Long.toHexString(System.nanoTime());
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of(
                "admin.password", password,
                "admin.config-dir", home.resolve("config").toString(),
                "quarantine.data-dir", home.resolve("data/quarantine").toString(),
                "camel.server.host", "127.0.0.1"))) {
            Path log = artifacts.resolve("quarantine-e2e.log");
            Process p = new ProcessBuilder(List.of("node", "web/tests/quarantine-e2e.mjs", gateway.httpUrl(),
                    "--admin=admin:" + password, "--screenshots=" + screenshots, "--artifacts=" + artifacts))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                fail("the browser test did not finish within 5 minutes:\n" + Files.readString(log));
            }
            String out = Files.readString(log);
            System.out.println(out);
            assertThat(p.exitValue()).as("quarantine-e2e.mjs exit code; its output:\n" + out).isZero();
            assertThat(out).contains("all 6 steps passed");
        }
    }
}
