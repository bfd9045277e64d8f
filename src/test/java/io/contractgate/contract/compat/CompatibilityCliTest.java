package io.contractgate.contract.compat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CI command: exit codes and output against an old folder and against the saved history. */
class CompatibilityCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return CompatibilityCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void shouldExitOneNamingThePointerWhenANewFolderNarrowsARange() throws Exception {
        write(tmp.resolve("old/t.schema.json"), "{\"properties\":{\"temperature\":{\"maximum\":85}}}");
        write(tmp.resolve("new/t.schema.json"), "{\"properties\":{\"temperature\":{\"maximum\":60}}}");
        write(tmp.resolve("new/fresh.schema.json"), "{}");
        assertThat(run("--old", tmp.resolve("old").toString(), "--new", tmp.resolve("new").toString())).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("t: BREAKS BACKWARD (1 reason)")
                .contains("/properties/temperature/maximum: maximum decreased 85 → 60")
                .contains("fresh: new contract");
        out.reset();
        assertThat(run("--old", tmp.resolve("old").toString(), "--new", tmp.resolve("new").toString(), "--level", "FORWARD")).isEqualTo(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("t: compatible (FORWARD)");
    }

    @Test
    void shouldCheckAgainstTheSavedHistoryAndItsLevel() throws Exception {
        Path dir = tmp.resolve("schemas");
        write(dir.resolve(".versions/t/1.schema.json"), "{\"maximum\":10}");
        write(dir.resolve(".versions/t/2.schema.json"), "{\"maximum\":20}");
        write(dir.resolve("t.schema.json"), "{\"maximum\":15}");
        assertThat(run("--new", dir.toString())).as(out.toString()).isEqualTo(1);
        write(dir.resolve(".versions/t/compatibility.json"), "{\"level\": \"NONE\"}");
        assertThat(run("--new", dir.toString())).isEqualTo(0);
        out.reset();
        assertThat(run("--new", dir.toString(), "--level", "FORWARD_TRANSITIVE")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("against version 1: maximum increased 10 → 15");
    }

    @Test
    void shouldExitTwoOnBadUsageOrUnreadableSchema() throws Exception {
        assertThat(run("--level", "SIDEWAYS")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown compatibility level 'SIDEWAYS'");
        assertThat(run("--new", tmp.resolve("missing").toString())).isEqualTo(2);
        write(tmp.resolve("a/x.schema.json"), "{}");
        write(tmp.resolve("b/x.schema.json"), "{broken");
        err.reset();
        assertThat(run("--old", tmp.resolve("a").toString(), "--new", tmp.resolve("b").toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("x.schema.json is not valid JSON");
    }
}
