package io.contractgate.web;

import io.contractgate.testing.BrowserScript;
import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

/**
 * The admin page's Quarantine tab in a real browser (web/tests/quarantine-e2e.mjs, Debian's chromium with
 * playwright-core): search → open → preview a fixed contract → save and re-drive, with the job's progress live; a
 * re-drive with no filter asks before it re-drives every quarantined message.
 * Fails (never skips) when node, chromium or playwright-core is missing, as {@link BrowserE2EIT} does.
 */
class QuarantineBrowserIT {

    @TempDir
    Path home;

    @Test
    void searchPreviewAndSaveAndRedriveWorkInChromium() throws Exception {
        BrowserScript.requireChromium();
        String password = "q-e2e-" + Long.toHexString(System.nanoTime());
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of(
                "admin.password", password,
                "admin.config-dir", home.resolve("config").toString(),
                "quarantine.data-dir", home.resolve("data/quarantine").toString(),
                "camel.server.host", "127.0.0.1"))) {
            BrowserScript.run("quarantine-e2e.mjs", gateway.httpUrl(), password, 7, 5);
        }
    }
}
