package io.contractgate.admin;

import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.ContractStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractVersionsTest {

    @TempDir
    Path dir;

    @Test
    void everySaveIsKeptWithAuthorAndTheFileThatPredatesTheApi() {
        ContractVersions v = new ContractVersions(dir);
        v.record("c", "{\"a\":1}\n", "{\"a\":2}\n", "alice", "replace");
        v.record("c", "{\"a\":2}\n", "{\"a\":3}\n", "bob", "replace");
        assertThat(v.list("c")).extracting(ContractVersions.Version::version).containsExactly(1, 2, 3);
        assertThat(v.list("c")).extracting(ContractVersions.Version::author).containsExactly("(file)", "alice", "bob");
        assertThat(v.read("c", 1)).contains("{\"a\":1}\n");
        assertThat(v.read("c", 9)).isEmpty();
        assertThat(v.versionOf("c", ContractCompiler.hash("{\"a\":3}\n"))).isEqualTo(3);
        assertThat(v.list("other")).isEmpty();
    }

    @Test
    void aSaveCutShortByACrashDoesNotBlockTheHistoryNorTheNextSave() throws Exception {
        ContractVersions v = new ContractVersions(dir);
        v.record("c", null, "{\"a\":1}\n", "alice", "create");
        Path index = dir.resolve(".versions/c/index.jsonl");
        // the append of version 2 interrupted (kill -9 or a full disk): half a line, no newline
        Files.writeString(index, "{\"version\":2,\"hash\":\"sha256:0a1b", java.nio.file.StandardOpenOption.APPEND);

        assertThat(v.list("c")).extracting(ContractVersions.Version::version).containsExactly(1);
        v.record("c", "{\"a\":1}\n", "{\"a\":2}\n", "bob", "replace");
        assertThat(v.list("c")).extracting(ContractVersions.Version::author).containsExactly("alice", "bob");
        assertThat(Files.readAllLines(index)).hasSize(2);

        // only the newline missing: the entry is whole and kept
        String whole = Files.readString(index);
        Files.writeString(index, whole.substring(0, whole.length() - 1));
        v.record("c", "{\"a\":2}\n", "{\"a\":3}\n", "carol", "replace");
        assertThat(v.list("c")).extracting(ContractVersions.Version::version).containsExactly(1, 2, 3);
    }

    @Test
    void aBrokenLineInsideTheIndexIsNamedWithItsLine() throws Exception {
        ContractVersions v = new ContractVersions(dir);
        v.record("c", null, "{\"a\":1}\n", "alice", "create");
        Path index = dir.resolve(".versions/c/index.jsonl");
        Files.writeString(index, "{\"version\": oops}\n" + Files.readString(index));

        assertThatThrownBy(() -> v.list("c")).hasMessageContaining("index.jsonl line 1 is not a version entry")
                .hasMessageContaining("fix or remove that line");
    }

    @Test
    void diffIsUnified() {
        String d = ContractVersions.diff("v1", "a\nb\nc\n", "v2", "a\nB\nc\n");
        assertThat(d).startsWith("--- v1\n+++ v2\n@@").contains("-b\n+B");
        assertThat(ContractVersions.diff("v1", "a\n", "v2", "a\n")).isEmpty();
    }

    @Test
    void theContractStoreDoesNotListTheVersionsFolder() throws Exception {
        Files.writeString(dir.resolve("c.schema.json"), "{\"type\":\"object\"}");
        new ContractVersions(dir).record("c", "{\"type\":\"object\"}", "{\"type\":\"object\",\"title\":\"t\"}", "a", "replace");
        assertThat(new ContractStore(dir).ids()).containsExactly("c");
    }
}
