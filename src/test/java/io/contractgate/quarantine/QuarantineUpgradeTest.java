package io.contractgate.quarantine;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A quarantine database made by the previous release (schema V1, with rows and a running job) after the upgrade. */
class QuarantineUpgradeTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheRowsAndResumeTheRunningJobOfAVersion1Database() throws Exception {
        QuarantineSettings settings = QuarantineSettings.from(Map.of("quarantine.data-dir", dir.toString())::get);
        JdbcDataSource v1 = new JdbcDataSource();
        v1.setURL(settings.jdbcUrl());
        v1.setUser(settings.user());
        v1.setPassword(settings.password());
        Flyway.configure().dataSource(v1).locations("classpath:db/quarantine").table("quarantine_schema_history")
                .placeholders(Map.of("binary", "VARBINARY")).target("1").load().migrate();
        QuarantineStore old = new QuarantineStore(v1);
        List<QuarantinedMessage> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(StoreContract.row("m", 1000 + i, "s" + i, List.of("out_of_range"), List.of("/p"), new byte[]{(byte) i}));
        }
        old.insert(rows);
        long max = old.maxId();
        long job = old.createJob("admin", "{}", false, max, old.count(QuarantineFilter.ALL, max), 1);

        List<String> published = new CopyOnWriteArrayList<>();
        try (QuarantineDatabase db = QuarantineDatabase.open(settings)) {
            QuarantineStore store = new QuarantineStore(db.dataSource());
            assertThat(store.count(QuarantineFilter.ALL, Long.MAX_VALUE)).isEqualTo(10);
            assertThat(store.orphanedJobs(0)).extracting(RedriveJob::id).containsExactly(job); // no runner yet
            Redriver r = new Redriver(store, m -> m.payload()[0] % 2 == 0
                    ? RedriveCheck.Outcome.passed(m.topic() + "/validated", "sha256:new")
                    : RedriveCheck.Outcome.skipped("mapping not running"),
                    (topic, payload, qos, props, done) -> {
                        published.add(topic + ":" + payload[0]);
                        done.accept(null);
                    }, 100_000, null, j -> { }, "gw-a", Duration.ofMillis(300), Duration.ofSeconds(150));
            r.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> store.job(job).orElseThrow().state().equals(RedriveJob.DONE));
            r.close();
            assertThat(published).hasSize(5).doesNotHaveDuplicates();
            assertThat(store.job(job).orElseThrow().done()).isEqualTo(10);
        }
    }
}
