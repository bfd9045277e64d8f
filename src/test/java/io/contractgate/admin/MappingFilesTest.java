package io.contractgate.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MappingFilesTest {

    private static final Mapping M1 = new Mapping("m1", "in/+", "c1", "{topic}/v", "{topic}/f", "id", true);

    @TempDir
    Path dir;

    /**
     * A mapping file written by hand gets the admin API's checks at start: outputs that come back to a mapping's
     * input (one message republished without end) or a filter Camel would read as another stop the start, naming the
     * file and the parameter; a missing contract stays a warning.
     */
    @Test
    void theStartChecksHandWrittenMappingsAsTheApiDoes() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("mapping-a.camel.yaml"), MappingFiles.render(
                new Mapping("a", "plant/+/level", "c1", "{topic}/validated", "{topic}/failed", "id", true)));
        Path loop = routes.resolve("mapping-b.camel.yaml");
        Files.writeString(loop, MappingFiles.render(
                new Mapping("b", "loop/#", "c9", "{topic}/validated", "failed/{topic}", "id", true)));
        assertThatThrownBy(() -> new MappingStore(routes).checkAtStart(java.util.Set.of("c1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(loop + ": ").hasMessageContaining("(a loop)")
                .hasMessageEndingWith("(parameter validatedTopic)");
        Files.writeString(loop, MappingFiles.render(
                new Mapping("b", "loop/%23", "c9", "validated/{topic}", "failed/{topic}", "id", true)));
        assertThatThrownBy(() -> new MappingStore(routes).checkAtStart(java.util.Set.of("c1")))
                .hasMessageStartingWith(loop + ": sourceTopic 'loop/%23'").hasMessageEndingWith("(parameter sourceTopic)");
        Files.writeString(loop, MappingFiles.render(
                new Mapping("b", "loop/#", "c9", "validated/{topic}", "failed/{topic}", "id", true)));
        assertThat(new MappingStore(routes).checkAtStart(java.util.Set.of("c1")))
                .singleElement().asString().contains("names contract 'c9', which is not in the contracts folder");
    }

    @Test
    void renderedFilesReadBackUnchanged() {
        Mapping m = new Mapping("m1", "in/+", "c1", "out/{topic}", "{topic}/failed", "id", false);
        assertThat(MappingFiles.parse(MappingFiles.render(m))).isEqualTo(m);
    }

    @Test
    void quotesInValuesCannotChangeTheYamlStructure() {
        Mapping m = new Mapping("m1", "in/\"x\": y", "c1", "a\\b/{topic}", "{topic}/f", "f\"\n- route: evil", true);
        String text = MappingFiles.render(m);
        assertThat(MappingFiles.parse(text)).isEqualTo(m);
        assertThat(text.lines().filter(l -> l.startsWith("- "))).hasSize(1);
    }

    @Test
    void readsTheProjectsOwnMappingFiles() throws Exception {
        Mapping m = MappingFiles.parse(Files.readString(Path.of("routes/mapping-sensor1.camel.yaml")));
        assertThat(m.id()).isEqualTo("sensor1");
        assertThat(m.sourceTopic()).isEqualTo("sensors/sensor1");
        assertThat(m.enabled()).isTrue();
    }

    @Test
    void shouldWriteTheProjectsMappingFilesInTheirCanonicalForm() throws Exception {
        for (String name : new String[] {"mapping-sensor1.camel.yaml", "mapping-sensor2.camel.yaml"}) {
            String file = Files.readString(Path.of("routes", name));
            String rendered = MappingFiles.render(MappingFiles.parse(file));
            assertThat(withoutComments(rendered)).as(name).isEqualTo(withoutComments(file));
        }
    }

    private static String withoutComments(String yaml) {
        return String.join("\n", yaml.lines().filter(l -> !l.startsWith("#")).toList());
    }

    @Test
    void stagedChangesCommitOrRollBack() throws Exception {
        MappingStore store = new MappingStore(dir);
        Mapping m = M1;
        store.stage("m1", MappingFiles.render(m)).commit();
        String first = Files.readString(store.file("m1"));

        MappingStore.Staged staged = store.stage("m1", MappingFiles.render(m.withEnabled(false)));
        assertThat(store.read("m1").orElseThrow().mapping().enabled()).isFalse();
        staged.rollback();
        assertThat(Files.readString(store.file("m1"))).isEqualTo(first);

        MappingStore.Staged delete = store.stage("m1", null);
        assertThat(store.read("m1")).isEmpty();
        delete.rollback();
        assertThat(store.read("m1")).isPresent();

        store.stage("m2", MappingFiles.render(new Mapping("m2", "x/+", "c1", "{topic}/v", "{topic}/f", "id", true))).rollback();
        assertThat(store.read("m2")).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("mapping-m1.camel.yaml");
        }
        assertThat(store.list()).extracting(s -> s.mapping().id()).containsExactly("m1");
    }

    @Test
    void shouldLeaveNoBackupBehindWhenTheNewFileCannotBeWritten() throws Exception {
        MappingStore store = new MappingStore(dir);
        store.stage("m1", MappingFiles.render(M1)).commit();
        String first = Files.readString(store.file("m1"));
        // the new file cannot be written (as on a full disk once the backup took the last room): its temp file is taken
        Files.createDirectories(AtomicFiles.tempFile(store.file("m1")).resolve("taken"));

        assertThatThrownBy(() -> store.stage("m1", MappingFiles.render(M1.withEnabled(false))))
                .hasMessageContaining("mapping-m1.camel.yaml");

        assertThat(Files.readString(store.file("m1"))).isEqualTo(first);
        // before: mapping-m1.camel.yaml.prev stayed, and the next start put it back over any edit made meanwhile
        assertThat(dir.resolve("mapping-m1.camel.yaml" + MappingStore.BACKUP_SUFFIX)).doesNotExist();
        assertThat(store.undoInterrupted()).isEmpty();
    }

    @Test
    void shouldRefuseAnIdThatIsNoSafeFileNameNamingTheIdField() {
        MappingStore store = new MappingStore(dir);
        // before: InvalidPathException (NUL) and FileSystemException (name too long) from the file system, a 500
        for (String id : new String[] {"a\u0000b", "a".repeat(300), "../x", "a/b"}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> store.read(id));
            assertThat(e).as(id).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).isEqualTo("id");
        }
    }
}
