package io.contractgate.admin;

import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.ContractStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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
