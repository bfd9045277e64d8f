package io.contractgate.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs one browser test of web/tests (Debian's chromium driven by playwright-core) against a running gateway as the
 * admin, the way the browser ITs do: its output in target/e2e/&lt;script&gt;.log, screenshots in
 * {@code -De2e.screenshots} (target/e2e/screenshots by default), every step passed or the test fails with the output.
 * Fails (never skips) when chromium or playwright-core is missing.
 */
public final class BrowserScript {

    public static final Path ARTIFACTS = Path.of("target/e2e");

    private BrowserScript() {
    }

    /** Fails naming the install script when the browser or the driver is missing. */
    public static void requireChromium() {
        if (!Files.isExecutable(Path.of("/usr/bin/chromium"))
                || !Files.isDirectory(Path.of("web/tests/node_modules/playwright-core"))) {
            fail("chromium or web/tests/node_modules/playwright-core is missing; run: bash scripts/install-test-deps.sh");
        }
    }

    public static Path screenshots() {
        return Path.of(System.getProperty("e2e.screenshots", "target/e2e/screenshots"));
    }

    /**
     * {@code node web/tests/<script> <url> --admin=admin:<password> --screenshots=... --artifacts=...}; asserts exit
     * code 0 and "all {@code steps} steps passed" within {@code minutes}. Returns the output.
     */
    public static String run(String script, String url, String adminPassword, int steps, int minutes) throws Exception {
        requireChromium();
        Files.createDirectories(ARTIFACTS);
        Path log = ARTIFACTS.resolve(script.replace(".mjs", ".log"));
        Process p = new ProcessBuilder(List.of("node", "web/tests/" + script, url, "--admin=admin:" + adminPassword,
                "--screenshots=" + screenshots(), "--artifacts=" + ARTIFACTS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the browser test did not finish within " + minutes + " minutes:\n" + Files.readString(log));
        }
        String out = Files.readString(log);
        System.out.println(out);
        assertThat(p.exitValue()).as(script + " exit code; its output:\n" + out).isZero();
        assertThat(out).contains("all " + steps + " steps passed");
        return out;
    }
}
