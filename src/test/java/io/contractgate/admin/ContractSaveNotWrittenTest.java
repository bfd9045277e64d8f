package io.contractgate.admin;

import io.contractgate.contract.ContractStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A contract save whose file cannot be written (a full disk, a read-only folder): the answer names the file, the
 * previous text stays in force, and the history shows no version that never came into force.
 */
class ContractSaveNotWrittenTest {

    private static final String V1 = "{\"type\":\"object\",\"description\":\"one\"}\n";
    private static final String V2 = "{\"type\":\"object\",\"description\":\"two\"}\n";

    @TempDir
    Path home;

    private ContractStore store;
    private ContractVersions versions;
    private ContractAdmin admin;

    @BeforeEach
    void setUp() throws IOException {
        Path schemas = Files.createDirectories(home.resolve("schemas"));
        store = new ContractStore(schemas);
        ContractFiles files = new ContractFiles(store);
        versions = new ContractVersions(schemas);
        ChangeJournal journal = new ChangeJournal(new AuditLog(home.resolve("config/audit.log")), new EventHub(), List::of);
        admin = new ContractAdmin(files, versions, new ContractCompatibility(files, versions),
                new MappingStore(Files.createDirectories(home.resolve("routes"))), journal);
    }

    @Test
    void shouldKeepNoVersionInTheHistoryWhoseFileCouldNotBeWritten() throws Exception {
        admin.putContract("alice", "c", V1, null, false);
        Path taken = AtomicFiles.tempFile(store.file("c")).resolve("taken");
        Files.createDirectories(taken); // the contract file cannot be replaced, as on a full disk

        ApiException refused = catchThrowableOfType(ApiException.class,
                () -> admin.putContract("bob", "c", V2, null, false));

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(500);
        assertThat(refused.getMessage()).contains("c.schema.json").contains("the change was not made");
        assertThat(Files.readString(store.file("c"))).isEqualTo(V1);
        // before: version 2 by bob stayed in the history (and its file), a version that was never in force
        assertThat(versions.list("c")).extracting(ContractVersions.Version::author).containsExactly("alice");
        try (Stream<Path> kept = Files.list(home.resolve("schemas/.versions/c"))) {
            assertThat(kept.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("1.schema.json", "index.jsonl");
        }

        Files.delete(taken); // room again: the same save succeeds as version 2
        admin.putContract("bob", "c", V2, null, false);
        assertThat(versions.list("c")).extracting(ContractVersions.Version::version).containsExactly(1, 2);
        assertThat(versions.read("c", 2)).contains(V2);
    }

    @Test
    void shouldTakeBackOnlyTheNewestVersionNamed() {
        ContractVersions.Version first = versions.record("c", null, V1, "alice", "create");
        versions.record("c", V1, V2, "bob", "replace");

        assertThat(catchThrowableOfType(java.io.UncheckedIOException.class, () -> versions.undo("c", first)))
                .hasMessageContaining("index.jsonl").hasRootCauseMessage("its newest entry is not version 1");
        assertThat(versions.list("c")).hasSize(2);
    }
}
