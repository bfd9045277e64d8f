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
    void shouldCountWhatRetentionDropsAndTheRowsLeft() {
        java.util.List<QuarantinedMessage> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(row("m", 3_600_000L * i, "s", List.of("length"), List.of(""), new byte[]{1}));
        }
        store.insert(rows);
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        QuarantineMetrics metrics = new QuarantineMetrics(registry, () -> 0);
        // now = 30 h: rows older than 25 h go (5 of them), then the oldest beyond 15 rows (10 more)
        new QuarantineRetention(store, metrics, 25, 15, () -> 30 * 3_600_000L).run();
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "age").counter().count()).isEqualTo(5);
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "size").counter().count()).isEqualTo(10);
        assertThat(registry.get("quarantine_rows").gauge().value()).isEqualTo(15);
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
