package io.contractgate.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract cache: compiled once, recompiled only when the file changes, last good version kept on a bad edit. */
class ContractStoreTest {

    private static final String V1 = "{\"type\":\"object\",\"properties\":{\"t\":{\"maximum\":10}}}";
    private static final String V2 = "{\"type\":\"object\",\"properties\":{\"t\":{\"maximum\":20}}}";

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(1_000_000);

    private void write(String id, String text, long mtimeMillis) throws Exception {
        Path f = dir.resolve(id + ContractStore.SUFFIX);
        Files.writeString(f, text);
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtimeMillis));
    }

    @Test
    void shouldCompileOnceAndReuseTheSameSchema() throws Exception {
        write("c", V1, 1000);
        ContractStore store = new ContractStore(dir, clock::get);

        Contract first = store.get("c");
        clock.addAndGet(5000); // past the recheck interval, file unchanged
        assertThat(store.get("c")).isSameAs(first);
    }

    @Test
    void shouldRecompileWhenTheFileChanges() throws Exception {
        write("c", V1, 1000);
        ContractStore store = new ContractStore(dir, clock::get);
        Contract first = store.get("c");

        write("c", V2, 2000);
        assertThat(store.get("c")).as("within the recheck interval").isSameAs(first);
        clock.addAndGet(1500);
        Contract second = store.get("c");

        assertThat(second).isNotSameAs(first);
        assertThat(second.hash()).isNotEqualTo(first.hash());
        assertThat(second.source()).isEqualTo(V2);
    }

    @Test
    void shouldAnnounceAHandEditOnceWhenTheListenerReadsTheContractsBack() throws Exception {
        write("c", V1, 1000);
        ContractStore store = new ContractStore(dir, clock::get);
        store.get("c");
        java.util.List<String> loads = new java.util.ArrayList<>();
        java.util.List<String> seenInside = new java.util.ArrayList<>();
        store.setVersionNumbers((id, hash) -> loads.isEmpty() ? 0 : 2); // the listener makes the edit version 2
        store.setChangeListener(new ContractStore.ChangeListener() {
            @Override
            public void loaded(String id, Path file, Contract previous, Contract current) {
                loads.add(current.hash());
                if (loads.size() == 1) {
                    // as the audit's reload listeners do (contract_info): read the contracts in force from here
                    Contract inside = store.get(id);
                    seenInside.add(inside.hash() + " " + inside.label());
                }
            }
        });

        write("c", V2, 2000);
        clock.addAndGet(1500);
        Contract edited = store.get("c");

        assertThat(loads).containsExactly(edited.hash());
        assertThat(seenInside).containsExactly(edited.hash() + " " + edited.label());
        assertThat(edited.label()).isEqualTo("v2");
    }

    @Test
    void shouldPickUpAnAdminSaveAtOnceOnReload() throws Exception {
        write("c", V1, 1000);
        ContractStore store = new ContractStore(dir, clock::get);
        store.get("c");
        write("c", V2, 2000);

        assertThat(store.reload("c").source()).isEqualTo(V2);
    }

    @Test
    void shouldKeepTheLastGoodVersionWhenAHandEditBreaksTheFile() throws Exception {
        write("c", V1, 1000);
        ContractStore store = new ContractStore(dir, clock::get);
        Contract good = store.get("c");

        write("c", "{ not json", 2000);
        clock.addAndGet(1500);

        assertThat(store.get("c")).isSameAs(good);
    }

    @Test
    void shouldNameTheFileWhenAContractDoesNotCompileAtStart() throws Exception {
        write("bad", "{\"type\":\"object\",\"minimum\":\"ten\"}", 1000);
        ContractStore store = new ContractStore(dir, clock::get);

        assertThatThrownBy(store::loadAll).isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("bad").hasMessageContaining(dir.resolve("bad.schema.json").toString());
    }

    @Test
    void shouldNameTheKeyWhenTheFolderIsMissing() {
        ContractStore store = new ContractStore(dir.resolve("nope"));
        assertThatThrownBy(store::loadAll).hasMessageContaining("contracts.dir");
    }

    @Test
    void shouldListOnlySchemaFiles() throws Exception {
        write("b", V1, 1000);
        write("a", V1, 1000);
        Files.writeString(dir.resolve("notes.txt"), "x");
        Files.createDirectories(dir.resolve(".versions"));

        assertThat(new ContractStore(dir).ids()).containsExactly("a", "b");
    }

    @Test
    void shouldSayWhereAContractIsNotValidJson() {
        // before: "Unexpected character (',' ...)" with no line, for a file edited by hand
        assertThatThrownBy(() -> new ContractCompiler().compile("x", "{\n  \"type\": \"object\",,\n}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("contract 'x' is not valid JSON").hasMessageContaining("(line 2, column 20)");
    }

    @Test
    void shouldRejectASchemaThatIsNotAnObject() {
        assertThatThrownBy(() -> new ContractCompiler().compile("x", "[1]")).hasMessageContaining("'x'");
    }

    @Test
    void shouldRefuseAContractFileOverTheLimitWithoutReadingItAndKeepTheVersionInForce() throws Exception {
        // a 50 MB file dropped by hand was read, parsed and hashed whole in the gateway's 128 MB heap
        String huge = "{\"type\":\"object\",\"description\":\"" + "x".repeat((int) ContractCompiler.MAX_BYTES) + "\"}";
        write("big", huge, 1000);
        ContractStore store = new ContractStore(dir, clock::get);
        assertThatThrownBy(() -> store.get("big")).isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("contract 'big' is " + Files.size(dir.resolve("big" + ContractStore.SUFFIX))
                        + " bytes, more than the 4 MiB a contract may have");
        assertThat(store.text("big")).isEmpty();

        write("c", V1, 1000);
        Contract inForce = store.get("c");
        write("c", huge, 2000);
        clock.addAndGet(1500);
        assertThat(store.get("c")).as("the last good version stays in force").isSameAs(inForce);
        assertThatThrownBy(() -> new ContractCompiler().compile("c", huge)).hasMessageContaining("4 MiB");
    }
}
