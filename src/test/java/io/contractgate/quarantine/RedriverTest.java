package io.contractgate.quarantine;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Re-drive jobs on a real (H2) store with a stand-in check and publisher. */
class RedriverTest {

    @TempDir
    Path dir;
    private QuarantineDatabase db;
    private QuarantineStore store;
    private final List<String> published = new CopyOnWriteArrayList<>();
    private final List<MqttProperties> publishedProps = new CopyOnWriteArrayList<>();
    private final List<RedriveJob> progress = new CopyOnWriteArrayList<>();

    /** Payload byte even: passes now; odd: still fails. */
    private static final RedriveCheck CHECK = m -> m.payload()[0] % 2 == 0
            ? RedriveCheck.Outcome.passed(m.topic() + "/validated", "sha256:new")
            : RedriveCheck.Outcome.stillFailing(new QuarantinedMessage(m.id(), m.receivedAt(), m.mapping(), m.topic(),
            m.qos(), m.contractId(), "sha256:new", m.sensorId(), "not_allowed_value", 1, List.of("not_allowed_value"),
            List.of("/x"), m.payload(), null, null, null, null, null, List.of(), "{\"fresh\":true}".getBytes(),
            m.status(), null, null));

    @BeforeEach
    void open() {
        db = QuarantineDatabase.open(QuarantineSettings.from(Map.of("quarantine.data-dir", dir.toString())::get));
        store = new QuarantineStore(db.dataSource());
        List<QuarantinedMessage> rows = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            rows.add(StoreContract.row("m", 1000 + i, "s" + i, List.of("out_of_range"), List.of("/p"), new byte[]{(byte) i}));
        }
        store.insert(rows);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Redriver redriver(Redriver.Publisher publisher, QuarantineMetrics metrics) {
        return redriver("gw-a", publisher, metrics, 100_000);
    }

    private Redriver redriver(String runner, Redriver.Publisher publisher, QuarantineMetrics metrics, int rate) {
        return new Redriver(store, CHECK, publisher, rate, metrics, progress::add, runner, Duration.ofMillis(300),
                Duration.ofSeconds(150));
    }

    private Redriver redriver(String runner, Redriver.Publisher publisher, int rate, Duration lease) {
        return new Redriver(store, CHECK, publisher, rate, null, progress::add, runner, Duration.ofMillis(300), lease);
    }

    /** Starts {@code r} on a new job over every row and answers the job once it is done. */
    private RedriveJob runToEnd(Redriver r) {
        r.start();
        long id = job(false);
        r.submit(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.job(id).orElseThrow().state().equals(RedriveJob.DONE));
        return store.job(id).orElseThrow();
    }

    private long job(boolean force) {
        long max = store.maxId();
        return store.createJob("admin", "{}", force, max, store.count(QuarantineFilter.ALL, max), 1);
    }

    @Test
    void shouldRepublishThoseThatPassOnceAndKeepTheRestWithAFreshReport() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QuarantineMetrics metrics = new QuarantineMetrics(registry, () -> 0);
        Redriver r = redriver((topic, payload, qos, props, done) -> {
            published.add(topic + ":" + payload[0]);
            publishedProps.add(props);
            done.accept(null);
        }, metrics);
        r.start();
        long id = job(false);
        r.submit(id);
        await().until(() -> store.job(id).orElseThrow().state().equals(RedriveJob.DONE));
        RedriveJob j = store.job(id).orElseThrow();
        assertThat(j.passed()).isEqualTo(125);
        assertThat(j.stillFailing()).isEqualTo(125);
        assertThat(j.done()).isEqualTo(250);
        assertThat(published).hasSize(125).doesNotHaveDuplicates().allMatch(p -> p.startsWith("sensors/m/validated:"));
        List<String> keys = publishedProps.get(0).getUserProperties().stream().map(UserProperty::getKey).toList();
        assertThat(keys).contains("k", Redriver.REDRIVEN_AT, Redriver.ORIGINAL_RECEIVED_AT, Redriver.CONTRACT_VERSION);
        assertThat(publishedProps.get(0).getCorrelationData()).containsExactly(1, 2, 3);
        assertThat(store.search(QuarantineFilter.from(Map.of("status", "redriven")::get), null, 500)).hasSize(125);
        QuarantinedMessage still = store.search(QuarantineFilter.from(Map.of("status", "quarantined")::get), null, 1).get(0);
        assertThat(new String(store.get(still.id()).orElseThrow().report())).contains("fresh");
        assertThat(still.contractVersion()).isEqualTo("sha256:new");
        assertThat(progress).last().extracting(RedriveJob::state).isEqualTo(RedriveJob.DONE);
        assertThat(registry.get("quarantine_redriven_total").tag("outcome", "passed").counter().count()).isEqualTo(125);

        // not re-driven twice unless asked
        long again = job(false);
        assertThat(store.job(again).orElseThrow().total()).isEqualTo(250); // the job's own selection narrows it
        r.submit(again);
        await().until(() -> store.job(again).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(store.job(again).orElseThrow().passed()).isZero();
        assertThat(published).hasSize(125);
        long forced = job(true);
        r.submit(forced);
        await().until(() -> store.job(forced).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(published).hasSize(250);
        r.close();
    }

    @Test
    void shouldLeaveUnacknowledgedRowsQuarantined() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Redriver r = redriver((topic, payload, qos, props, done) -> {
            attempts.incrementAndGet();
            done.accept(new IllegalStateException("no PUBACK"));
        }, null);
        r.start();
        long id = job(false);
        r.submit(id);
        await().until(() -> store.job(id).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(store.job(id).orElseThrow().passed()).isZero();
        assertThat(store.job(id).orElseThrow().skipped()).isEqualTo(125);
        assertThat(store.search(QuarantineFilter.from(Map.of("status", "redriven")::get), null, 10)).isEmpty();
        assertThat(attempts.get()).as("tried again within the retry time").isGreaterThan(125);
        r.close();
    }

    @Test
    void shouldPublishAgainWhatWasNotAcknowledgedWhileTheOutputClientWasAway() throws Exception {
        // the output client is away for its first 60 publishes (a broker restart), then every publish is acknowledged
        AtomicInteger calls = new AtomicInteger();
        Redriver r = redriver((topic, payload, qos, props, done) -> {
            if (calls.incrementAndGet() <= 60) {
                done.accept(new MqttException(MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED));
            } else {
                published.add(topic + ":" + payload[0]);
                done.accept(null);
            }
        }, null);
        RedriveJob j = runToEnd(r);
        assertThat(j.skipped()).isZero();
        assertThat(j.passed()).isEqualTo(125);
        assertThat(published).hasSize(125).doesNotHaveDuplicates();
        assertThat(store.search(QuarantineFilter.from(Map.of("status", "redriven")::get), null, 500)).hasSize(125);
        r.close();
    }

    @Test
    void shouldNotPublishAgainWhatTheBrokerRefused() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Redriver r = new Redriver(store, CHECK, (topic, payload, qos, props, done) -> {
            attempts.incrementAndGet();
            done.accept(new MqttException(0x87)); // PUBACK: not authorized
        }, 100_000, null, progress::add, "gw-a", Duration.ofSeconds(60), Duration.ofSeconds(150));
        assertThat(runToEnd(r).skipped()).as("not tried again for the 60 s").isEqualTo(125);
        assertThat(attempts.get()).isEqualTo(125);
        r.close();
    }

    @Test
    void shouldResumeARunningJobFromItsCursorAtStart() throws Exception {
        long id = job(false);
        List<QuarantinedMessage> firstPage = store.page(QuarantineFilter.ALL, 0, store.maxId(), 100);
        // a previous run finished one page, then stopped
        store.advanceJob(id, firstPage.get(99).id(), 100, 50, 50, 0);
        Redriver r = redriver((topic, payload, qos, props, done) -> {
            published.add(topic + ":" + payload[0]);
            done.accept(null);
        }, null);
        r.start();
        await().until(() -> store.job(id).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(published).hasSize(75); // only rows after the cursor
        assertThat(store.job(id).orElseThrow().done()).isEqualTo(250);
        r.close();
    }

    @Test
    void shouldNotResumeAJobAnotherGatewayIsRunningButOneWhoseRunnerWentSilent() throws Exception {
        // gateways A and B share the quarantine database; A runs a job (slowly), B starts meanwhile
        Redriver.Publisher publish = (topic, payload, qos, props, done) -> {
            published.add(topic + ":" + payload[0]);
            done.accept(null);
        };
        Redriver a = redriver("gw-a", publish, null, 50);
        a.start();
        long id = job(false);
        a.submit(id);
        await().until(() -> store.job(id).orElseThrow().done() >= 100);
        Redriver b = redriver("gw-b", publish, null, 100_000);
        b.start(); // sees the job running: A holds it and reports, so B leaves it
        await().until(() -> store.job(id).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(published).hasSize(125).doesNotHaveDuplicates();
        RedriveJob j = store.job(id).orElseThrow();
        assertThat(j.done()).isEqualTo(250);
        assertThat(j.passed()).isEqualTo(125);
        a.close();
        b.close();

        // a runner silent for longer than the lease (a gateway that died) is taken over by the next one to look
        long orphan = job(true);
        assertThat(store.claimJob(orphan, "gw-dead", 1_000, 0)).isTrue();
        assertThat(store.claimJob(orphan, "gw-b", 2_000, 500)).as("held by gw-dead, heard from at 1000").isFalse();
        assertThat(store.claimJob(orphan, "gw-dead", 3_000, 0)).as("its own runner after a restart").isTrue();
        Redriver c = redriver("gw-c", publish, null, 100_000);
        c.start();
        await().until(() -> store.job(orphan).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(published).hasSize(250);
        c.close();
    }

    @Test
    void shouldKeepItsLeaseWhileAPageTakesLongerThanTheLease() throws Exception {
        // at a low quarantine.redrive-rate one page of publishes outlasts the lease: A must report while it publishes,
        // or B takes the job over mid-page and both publish the same rows
        Redriver.Publisher publish = (topic, payload, qos, props, done) -> {
            published.add(topic + ":" + payload[0]);
            done.accept(null);
        };
        Duration lease = Duration.ofMillis(600);
        Redriver a = redriver("gw-a", publish, 40, lease); // a page (50 publishes) takes about 1.25 s
        Redriver b = redriver("gw-b", publish, 100_000, lease);
        a.start();
        b.start();
        long id = job(false);
        a.submit(id);
        await().atMost(Duration.ofSeconds(20)).until(() -> store.job(id).orElseThrow().state().equals(RedriveJob.DONE));
        assertThat(published).hasSize(125).doesNotHaveDuplicates();
        assertThat(store.job(id).orElseThrow().done()).isEqualTo(250);
        a.close();
        b.close();
    }

    @Test
    void shouldHoldAJobFromTheMomentItIsSubmitted() throws Exception {
        // another gateway looking for orphans must not take a job its creator has not started yet
        Redriver a = redriver("gw-a", (topic, payload, qos, props, done) -> done.accept(null), 100_000,
                Duration.ofSeconds(150));
        long id = job(false);
        a.submit(id);
        long now = System.currentTimeMillis();
        assertThat(store.orphanedJobs(now - 150_000)).extracting(RedriveJob::id).doesNotContain(id);
        assertThat(store.claimJob(id, "gw-b", now, now - 150_000)).isFalse();
        a.close();
    }

    @Test
    void shouldCarryOnlyItsOwnReDriveMarkersNotThoseThePublisherSent() {
        QuarantinedMessage forged = new QuarantinedMessage(1, 1_000, "m", "t", 1, "c", "sha256:old", "s", "other", 1,
                List.of("other"), List.of(""), new byte[]{2}, null, null, null, null, null,
                List.of(new QuarantinedMessage.UserProperty("k", "v"),
                        new QuarantinedMessage.UserProperty(Redriver.CONTRACT_VERSION, "sha256:forged000000"),
                        new QuarantinedMessage.UserProperty(Redriver.REDRIVEN_AT, "1999-01-01T00:00:00Z")),
                "{}".getBytes(), "quarantined", null, null);

        MqttProperties p = Redriver.properties(forged, "2026-11-30T00:00:00Z", "sha256:new");

        assertThat(p.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue).containsExactly(
                org.assertj.core.api.Assertions.tuple("k", "v"),
                org.assertj.core.api.Assertions.tuple(Redriver.REDRIVEN_AT, "2026-11-30T00:00:00Z"),
                org.assertj.core.api.Assertions.tuple(Redriver.ORIGINAL_RECEIVED_AT, "1970-01-01T00:00:01Z"),
                org.assertj.core.api.Assertions.tuple(Redriver.CONTRACT_VERSION, "sha256:new"));
    }
}
