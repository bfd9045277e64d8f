package io.contractgate.quarantine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every quarantine store must do, run against H2 ({@link QuarantineStoreTest}) and PostgreSQL
 * ({@link QuarantineStorePostgresIT}) through the same SQL and code.
 */
abstract class StoreContract {

    abstract QuarantineStore store();

    static QuarantinedMessage row(String mapping, long at, String sensor, List<String> types, List<String> pointers,
                                  byte[] payload) {
        return new QuarantinedMessage(0, at, mapping, "sensors/" + mapping, 1, mapping, "sha256:aaaaaaaaaaaa", sensor,
                types.get(0), types.size(), types, pointers, payload, "application/json", "replies/x",
                new byte[]{1, 2, 3}, Boolean.TRUE, 60L,
                List.of(new QuarantinedMessage.UserProperty("k", "v"), new QuarantinedMessage.UserProperty("k", "v2")),
                ("{\"mapping\":\"" + mapping + "\"}").getBytes(StandardCharsets.UTF_8), QuarantinedMessage.QUARANTINED,
                null, null);
    }

    static QuarantineFilter filter(Map<String, String> p) {
        return QuarantineFilter.from(p::get);
    }

    @Test
    void shouldStoreABatchWhoseRowsCarryWhatTheColumnsCannotTake() {
        List<QuarantinedMessage.UserProperty> many = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(new QuarantinedMessage.UserProperty("name" + i, "value" + i));
        }
        QuarantinedMessage plain = row("m", 1, "ok", List.of("wrong_type"), List.of("/t"), new byte[]{1});
        QuarantinedMessage props = withUserProperties(row("m", 2, "props", List.of("wrong_type"), List.of("/t"),
                new byte[]{2}), many);
        QuarantinedMessage nul = row("m", 3, "a\u0000b".repeat(200), List.of("wrong_type"), List.of("/a\u0000b"),
                new byte[]{3});
        // before: the insert of all three failed (column too long / PostgreSQL refuses U+0000) and was retried forever
        store().insert(List.of(plain, props, nul));
        List<QuarantinedMessage> rows = store().search(filter(Map.of()), null, 10);
        assertThat(rows).hasSize(3);
        QuarantinedMessage back = rows.stream().filter(r -> "props".equals(r.sensorId())).findFirst().orElseThrow();
        assertThat(back.userProperties()).isNotEmpty().isEqualTo(many.subList(0, back.userProperties().size()));
        assertThat(rows.get(0).sensorId()).startsWith("a\ufffdb").hasSizeLessThanOrEqualTo(256);
        assertThat(rows.get(0).pointers()).containsExactly("/a\ufffdb");
    }

    @Test
    void shouldFindARowByTheSensorIdAndFieldItArrivedWithWhenTheStoreHadToChangeThem() {
        String longId = "s".repeat(300);
        store().insert(List.of(row("m", 1, "a\u0000b", List.of("wrong_type"), List.of("/x\u0000y"), new byte[]{1}),
                row("m", 2, longId, List.of("wrong_type"), List.of("/t"), new byte[]{2})));
        // before: no row (H2), or the database refused the query (PostgreSQL: a 500 for ?sensorId=a%00b)
        assertThat(store().search(filter(Map.of("sensorId", "a\u0000b")), null, 10)).extracting(QuarantinedMessage::receivedAt)
                .containsExactly(1L);
        assertThat(store().search(filter(Map.of("field", "/x\u0000y")), null, 10)).extracting(QuarantinedMessage::receivedAt)
                .containsExactly(1L);
        assertThat(store().search(filter(Map.of("sensorId", longId)), null, 10)).extracting(QuarantinedMessage::receivedAt)
                .containsExactly(2L);
    }

    /**
     * Re-drive leases are stamped with the database's clock, so fleet members whose clocks differ still agree: it
     * reads as epoch milliseconds (this test's database runs on this machine's clock) and a heartbeat stamped with it
     * keeps a job from being taken over, while one a lease older does not.
     */
    @Test
    void shouldStampLeasesWithTheDatabaseClockInEpochMilliseconds() {
        long before = System.currentTimeMillis();
        long db = store().databaseMillis();
        long after = System.currentTimeMillis();
        assertThat(db).isBetween(before - 1_000, after + 1_000);
        long job = store().createJob("admin", "{}", false, 0, 0, db);
        assertThat(store().claimJob(job, "gw-a", store().databaseMillis(), store().databaseMillis() - 150_000)).isTrue();
        long now = store().databaseMillis();
        assertThat(store().claimJob(job, "gw-b", now, now - 150_000)).as("gw-a was heard from just now").isFalse();
        assertThat(store().orphanedJobs(now - 150_000)).isEmpty();
        assertThat(store().orphanedJobs(now + 1_000)).extracting(RedriveJob::id).containsExactly(job);
    }

    private static QuarantinedMessage withUserProperties(QuarantinedMessage m, List<QuarantinedMessage.UserProperty> u) {
        return new QuarantinedMessage(m.id(), m.receivedAt(), m.mapping(), m.topic(), m.qos(), m.contractId(),
                m.contractVersion(), m.sensorId(), m.primaryError(), m.errorCount(), m.errorTypes(), m.pointers(),
                m.payload(), m.contentType(), m.responseTopic(), m.correlationData(), m.payloadFormat(),
                m.messageExpiry(), u, m.report(), m.status(), m.redrivenAt(), m.redriveJob());
    }

    @Test
    void shouldKeepEveryPartOfAFailedMessage() {
        byte[] binary = {0, (byte) 0xff, 10, 'x'};
        store().insert(List.of(row("m1", 1000, "s1", List.of("out_of_range"), List.of("/temperature"), binary)));
        QuarantinedMessage m = store().search(QuarantineFilter.ALL, null, 10).get(0);
        QuarantinedMessage full = store().get(m.id()).orElseThrow();
        assertThat(full.payload()).containsExactly(binary);
        assertThat(full.userProperties()).extracting(QuarantinedMessage.UserProperty::value).containsExactly("v", "v2");
        assertThat(full.correlationData()).containsExactly(1, 2, 3);
        assertThat(full.contentType()).isEqualTo("application/json");
        assertThat(full.responseTopic()).isEqualTo("replies/x");
        assertThat(full.payloadFormat()).isTrue();
        assertThat(full.messageExpiry()).isEqualTo(60L);
        assertThat(full.qos()).isEqualTo(1);
        assertThat(full.contractVersion()).isEqualTo("sha256:aaaaaaaaaaaa");
        assertThat(new String(full.report(), StandardCharsets.UTF_8)).contains("\"m1\"");
        assertThat(full.errorTypes()).containsExactly("out_of_range");
        assertThat(full.pointers()).containsExactly("/temperature");
    }

    @Test
    void shouldFilterByMappingErrorTypeFieldSensorAndTimeNewestFirst() {
        List<QuarantinedMessage> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rows.add(row(i % 2 == 0 ? "even" : "odd", 10_000 + i, "s" + (i % 3),
                    i % 5 == 0 ? List.of("missing_field", "out_of_range") : List.of("out_of_range"),
                    i % 5 == 0 ? List.of("/timestamp", "/a_b%") : List.of("/temperature"), new byte[]{1}));
        }
        store().insert(rows);
        assertThat(store().search(filter(Map.of("mapping", "even")), null, 100)).hasSize(15)
                .allMatch(m -> m.mapping().equals("even"));
        assertThat(store().search(filter(Map.of("errorType", "missing_field")), null, 100)).hasSize(6);
        assertThat(store().search(filter(Map.of("field", "/timestamp")), null, 100)).hasSize(6);
        // LIKE wildcards in a pointer are matched literally
        assertThat(store().search(filter(Map.of("field", "/a_b%")), null, 100)).hasSize(6);
        assertThat(store().search(filter(Map.of("field", "/a")), null, 100)).isEmpty();
        assertThat(store().search(filter(Map.of("sensorId", "s1")), null, 100)).hasSize(10);
        assertThat(store().search(filter(Map.of("from", "10010", "to", "10019")), null, 100)).hasSize(10);
        List<QuarantinedMessage> page1 = store().search(QuarantineFilter.ALL, null, 10);
        assertThat(page1).extracting(QuarantinedMessage::receivedAt).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        List<QuarantinedMessage> page2 = store().search(QuarantineFilter.ALL, page1.get(9).id(), 10);
        assertThat(page2.get(0).id()).isLessThan(page1.get(9).id());
        assertThat(store().count(QuarantineFilter.ALL, store().maxId())).isEqualTo(30);
    }

    @Test
    void shouldDropTheOldestRowsByAgeAndSize() {
        List<QuarantinedMessage> rows = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rows.add(row("m", 1000L * i, "s", List.of("length"), List.of(""), new byte[]{2}));
        }
        store().insert(rows);
        assertThat(store().deleteOlderThan(5000)).isEqualTo(5);
        assertThat(store().trimTo(10)).isEqualTo(5);
        assertThat(store().countAll()).isEqualTo(10);
        assertThat(store().search(QuarantineFilter.ALL, null, 100)).extracting(QuarantinedMessage::receivedAt)
                .allMatch(t -> t >= 10_000);
        assertThat(store().trimTo(10)).as("within the bound: nothing to drop").isZero();
    }

    @Test
    void shouldMarkRedrivenRowsAndKeepJobProgress() {
        store().insert(List.of(row("m", 1, "s", List.of("length"), List.of(""), new byte[]{3}),
                row("m", 2, "s", List.of("length"), List.of(""), new byte[]{4})));
        List<QuarantinedMessage> all = store().page(QuarantineFilter.ALL, 0, store().maxId(), 10);
        long job = store().createJob("admin", "{}", false, store().maxId(), 2, 5);
        store().markRedriven(List.of(all.get(0).id()), job, 7);
        store().advanceJob(job, all.get(0).id(), 1, 1, 0, 0);
        assertThat(store().get(all.get(0).id()).orElseThrow().status()).isEqualTo(QuarantinedMessage.REDRIVEN);
        assertThat(store().search(filter(Map.of("status", "quarantined")), null, 10)).hasSize(1);
        RedriveJob j = store().job(job).orElseThrow();
        assertThat(j.done()).isEqualTo(1);
        assertThat(j.cursorId()).isEqualTo(all.get(0).id());
        assertThat(store().runningJobs()).extracting(RedriveJob::id).contains(job);
        store().finishJob(job, RedriveJob.DONE, 9, null);
        assertThat(store().runningJobs()).extracting(RedriveJob::id).doesNotContain(job);
    }
}
