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
    void shouldRejectASchemaThatIsNotAnObject() {
        assertThatThrownBy(() -> new ContractCompiler().compile("x", "[1]")).hasMessageContaining("'x'");
    }
}
