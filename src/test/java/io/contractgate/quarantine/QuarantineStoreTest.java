package io.contractgate.quarantine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The quarantine store on its embedded default, an H2 file database created and migrated by Flyway. */
class QuarantineStoreTest extends StoreContract {

    @TempDir
    Path dir;
    private QuarantineDatabase db;
    private QuarantineStore store;

    @BeforeEach
    void open() {
        db = QuarantineDatabase.open(QuarantineSettings.from(Map.of("quarantine.data-dir", dir.toString())::get));
        store = new QuarantineStore(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Override
    QuarantineStore store() {
        return store;
    }

    @Test
    void shouldKeepRowsAcrossAReopen() {
        store.insert(List.of(row("m", 1, "s", List.of("length"), List.of(""), new byte[]{9})));
        db.close();
        db = QuarantineDatabase.open(QuarantineSettings.from(Map.of("quarantine.data-dir", dir.toString())::get));
        store = new QuarantineStore(db.dataSource());
        assertThat(store.countAll()).isEqualTo(1);
    }
}
