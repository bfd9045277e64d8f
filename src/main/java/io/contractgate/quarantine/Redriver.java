package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Runs re-drive jobs, one at a time, on its own thread. A job walks its selection in id order, a page
 * ({@value #PAGE} rows) at a time: each row is checked against its mapping's current contract; those that pass are
 * published to the validated topic with their original properties plus {@code redriven-at},
 * {@code original-received-at} and {@code contract-version}; those that still fail get the fresh report. Only when
 * every publish of the page is acknowledged (PUBACK) are its rows marked re-driven and the job's cursor moved past
 * them, so a restart resumes after the last finished page; a row marked re-driven is not selected again unless the
 * job was started with {@code force}. Publishes are paced to {@code quarantine.redrive-rate} per second.
 */
public final class Redriver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Redriver.class);
    static final int PAGE = 100;
    private static final long PUBACK_WAIT_SECONDS = 60;
    /** A page tries its unacknowledged publishes again for this long: a broker restart or a reconnect fits in it. */
    static final long RETRY_SECONDS = 60;
    /**
     * A job whose runner has not reported for this long is taken over by another gateway sharing the database (longer
     * than a page can take: the PUBACK wait plus the retries).
     */
    static final long LEASE_SECONDS = PUBACK_WAIT_SECONDS + RETRY_SECONDS + 30;

    public static final String REDRIVEN_AT = io.contractgate.mqtt.OutputProperties.REDRIVEN_AT;
    public static final String ORIGINAL_RECEIVED_AT = io.contractgate.mqtt.OutputProperties.ORIGINAL_RECEIVED_AT;
    public static final String CONTRACT_VERSION = io.contractgate.mqtt.OutputProperties.CONTRACT_VERSION;

    /** Publishes one message; {@code done} runs with null once the broker acknowledged it. */
    @FunctionalInterface
    public interface Publisher {
        void publish(String topic, byte[] payload, int qos, MqttProperties props, Consumer<Throwable> done);
    }

    private final QuarantineStore store;
    private final RedriveCheck check;
    private final Publisher publisher;
    private final int ratePerSecond;
    private final QuarantineMetrics metrics;
    private final Consumer<RedriveJob> progress;
    private final long retryForNanos;
    private final String runner;
    private final long leaseMillis;
    private long nextOrphanCheck;
    /** When the worker last told the store it still runs its job (worker thread only). */
    private long lastHeartbeatNanos;
    private final LinkedBlockingQueue<Long> jobs = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean stopping;
    private long nextPublishNanos;

    /**
     * @param progress told after every page and at the end of a job (events, audit)
     */
    public Redriver(QuarantineStore store, RedriveCheck check, Publisher publisher, int ratePerSecond,
                    QuarantineMetrics metrics, Consumer<RedriveJob> progress, String runner) {
        this(store, check, publisher, ratePerSecond, metrics, progress, runner, Duration.ofSeconds(RETRY_SECONDS),
                Duration.ofSeconds(LEASE_SECONDS));
    }

    /**
     * @param runner   this gateway's name in the job table (its MQTT client id: unique in a fleet, the same after a
     *                 restart), so a restart resumes its own jobs at once and never one another gateway is running
     * @param retryFor how long a page tries again the publishes that were not acknowledged (connection trouble) before
     *                 it counts them skipped
     * @param lease    how long a runner may stay silent before another gateway takes its job over
     */
    Redriver(QuarantineStore store, RedriveCheck check, Publisher publisher, int ratePerSecond,
             QuarantineMetrics metrics, Consumer<RedriveJob> progress, String runner, Duration retryFor, Duration lease) {
        this.retryForNanos = retryFor.toNanos();
        this.runner = runner;
        this.leaseMillis = lease.toMillis();
        this.store = store;
        this.check = check;
        this.publisher = publisher;
        this.ratePerSecond = ratePerSecond;
        this.metrics = metrics;
        this.progress = progress;
        this.thread = new Thread(this::run, "quarantine-redrive");
        thread.setDaemon(true);
    }

    /**
     * Starts the worker and resumes the jobs a previous run left running: this gateway's own, and those whose runner
     * has been silent for the lease (not those another gateway sharing the database is running).
     */
    public synchronized void start() {
        if (thread.isAlive() || stopping) {
            return;
        }
        for (RedriveJob j : store.runningJobs()) {
            jobs.add(j.id());
        }
        nextOrphanCheck = System.currentTimeMillis() + leaseMillis / 2;
        thread.start();
    }

    /**
     * Queues a job created in the store, holding it for this gateway at once: a job no one holds yet is an orphan to
     * the other members of a fleet, and one of them looking for orphans would take it before this worker starts it.
     */
    public void submit(long jobId) {
        try {
            long now = store.databaseMillis();
            store.claimJob(jobId, runner, now, now - leaseMillis);
        } catch (RuntimeException e) {
            LOG.debug("Holding re-drive job {} failed ({}); the worker claims it when it starts it", jobId, e.getMessage());
        }
        jobs.add(jobId);
    }

    private void run() {
        while (!stopping) {
            Long id;
            try {
                id = jobs.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (id == null) {
                adoptOrphans();
                continue;
            }
            try {
                runJob(id);
            } catch (RuntimeException e) {
                LOG.error("Re-drive job {} failed", id, e);
                store.finishJob(id, RedriveJob.FAILED, System.currentTimeMillis(), e.getMessage());
                store.job(id).ifPresent(progress);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Now and then, the jobs of a runner that stopped reporting (a gateway that died and did not come back). */
    private void adoptOrphans() {
        long local = System.currentTimeMillis();
        if (local < nextOrphanCheck) {
            return;
        }
        nextOrphanCheck = local + leaseMillis / 2;
        try {
            store.orphanedJobs(store.databaseMillis() - leaseMillis).forEach(j -> jobs.add(j.id()));
        } catch (RuntimeException e) {
            LOG.debug("Looking for re-drive jobs left by another gateway failed: {}", e.getMessage());
        }
    }

    private void runJob(long id) throws InterruptedException {
        RedriveJob job = store.job(id).orElse(null);
        if (job == null || !RedriveJob.RUNNING.equals(job.state())) {
            return;
        }
        long now = store.databaseMillis();
        if (!store.claimJob(id, runner, now, now - leaseMillis)) {
            LOG.info("Re-drive job {} is being run by another gateway; not resumed here", id);
            return;
        }
        if (job.done() > 0) {
            LOG.info("Resuming re-drive job {} ({} of {} done)", id, job.done(), job.total());
        }
        QuarantineFilter filter = selection(job);
        long cursor = job.cursorId();
        while (!stopping) {
            if (!heartbeat(id)) {
                return; // cancelled, or taken over after this gateway was silent for the lease
            }
            List<QuarantinedMessage> page = store.page(filter, cursor, job.maxId(), PAGE);
            if (page.isEmpty()) {
                store.finishJob(id, RedriveJob.DONE, System.currentTimeMillis(), null);
                RedriveJob done = store.job(id).orElseThrow();
                LOG.info("Re-drive job {} done: {} passed and republished, {} still failing, {} skipped", id,
                        done.passed(), done.stillFailing(), done.skipped());
                progress.accept(done);
                return;
            }
            runPage(job, page);
            cursor = page.get(page.size() - 1).id();
            if (store.job(id).map(j -> !RedriveJob.RUNNING.equals(j.state())).orElse(true)) {
                return; // cancelled meanwhile
            }
        }
    }

    private void runPage(RedriveJob job, List<QuarantinedMessage> page) throws InterruptedException {
        PageRun run = new PageRun(job.id(), Instant.now().toString());
        long alreadyDone = 0;
        List<QuarantinedMessage> toCheck = new ArrayList<>();
        for (QuarantinedMessage m : page) {
            if (QuarantinedMessage.REDRIVEN.equals(m.status()) && m.redriveJob() != null && m.redriveJob() == job.id()) {
                alreadyDone++; // published and marked by this job before a restart
            } else {
                toCheck.add(m);
            }
        }
        List<QuarantinedMessage> unacknowledged = run.dispatch(toCheck);
        // a publish the output client could not complete (broker restarting, connection lost) is tried again while the
        // client reconnects, rather than skipping the rest of the job in the seconds the broker is away
        long deadline = System.nanoTime() + retryForNanos;
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        if (!unacknowledged.isEmpty() && retryForNanos > 0) {
            LOG.warn("Re-drive job {}: {} publishes not acknowledged; trying them again for up to {} s", job.id(),
                    unacknowledged.size(), TimeUnit.NANOSECONDS.toSeconds(retryForNanos));
        }
        while (!unacknowledged.isEmpty() && !stopping && System.nanoTime() - deadline < 0 && !run.lost
                && heartbeat(job.id())) {
            LockSupport.parkNanos(Math.min(backoff, Math.max(0, deadline - System.nanoTime())));
            backoff = Math.min(backoff * 2, TimeUnit.SECONDS.toNanos(2));
            unacknowledged = run.dispatch(unacknowledged);
        }
        List<Long> acked = run.passed();
        // the rest: mapping not running, refused by the broker, or never acknowledged; they stay quarantined
        long skipped = toCheck.size() - acked.size() - run.stillFailing.size();
        long at = System.currentTimeMillis();
        store.markRedriven(acked, job.id(), at); // also when taken over: the new runner counts these as done
        if (run.lost && store.job(job.id()).map(j -> RedriveJob.RUNNING.equals(j.state())).orElse(false)) {
            // taken over (not cancelled): the new runner goes on from the cursor and counts this page itself
            LOG.info("Re-drive job {} was taken over by another gateway during a page", job.id());
            return;
        }
        store.updateStillFailing(run.stillFailing, at);
        store.advanceJob(job.id(), page.get(page.size() - 1).id(), page.size(), acked.size() + alreadyDone,
                run.stillFailing.size(), skipped);
        if (metrics != null) {
            metrics.redriven(acked.size(), run.stillFailing.size(), skipped);
        }
        store.job(job.id()).ifPresent(progress);
    }

    /** What the rows of one page came to, over the first attempt and the retries of unacknowledged publishes. */
    private final class PageRun {
        private final long job;
        private final String redrivenAt;
        /** This gateway no longer holds the job (cancelled, or taken over): the rest of the page is not published. */
        boolean lost;
        private final List<Long> passed = Collections.synchronizedList(new ArrayList<>());
        final List<QuarantinedMessage> stillFailing = new ArrayList<>();

        PageRun(long job, String redrivenAt) {
            this.job = job;
            this.redrivenAt = redrivenAt;
        }

        /**
         * Checks and publishes {@code rows}; answers those whose publish was not acknowledged for a reason other than
         * the broker refusing it (a refusal, PUBACK 0x80 and above, is final: skipped, as a row whose mapping is not
         * running).
         */
        List<QuarantinedMessage> dispatch(List<QuarantinedMessage> rows) throws InterruptedException {
            List<QuarantinedMessage> retry = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch acks = new CountDownLatch(rows.size());
            for (QuarantinedMessage m : rows) {
                RedriveCheck.Outcome o = check.check(m);
                switch (o.kind()) {
                    case PASSED -> {
                        if (lost || !heartbeatWhenDue(job)) {
                            lost = true;
                            acks.countDown();
                            continue;
                        }
                        pace();
                        publisher.publish(o.topic(), m.payload(), m.qos(), properties(m, redrivenAt, o.contractVersion()), failure -> {
                            if (failure == null) {
                                passed.add(m.id());
                            } else if (refusedByBroker(failure)) {
                                LOG.warn("Re-drive of quarantined message {} to {} was refused by the broker: {}",
                                        m.id(), o.topic(), failure.getMessage());
                            } else {
                                LOG.debug("Re-drive of quarantined message {} to {} was not acknowledged: {}", m.id(),
                                        o.topic(), failure.getMessage());
                                retry.add(m);
                            }
                            acks.countDown();
                        });
                    }
                    case STILL_FAILING -> {
                        stillFailing.add(o.rechecked());
                        acks.countDown();
                    }
                    default -> acks.countDown(); // its mapping is not running: skipped
                }
            }
            if (!acks.await(PUBACK_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Not every re-drive publish was acknowledged within {} s; those rows stay quarantined",
                        PUBACK_WAIT_SECONDS);
            }
            synchronized (retry) {
                return List.copyOf(retry);
            }
        }

        List<Long> passed() {
            synchronized (passed) {
                return List.copyOf(passed);
            }
        }
    }

    /** Tells the store this gateway still runs {@code job}; false when it no longer holds it. */
    private boolean heartbeat(long job) {
        lastHeartbeatNanos = System.nanoTime();
        return store.heartbeatJob(job, runner, store.databaseMillis());
    }

    /**
     * {@link #heartbeat} when a third of the lease has passed since the last one: a page at a low
     * quarantine.redrive-rate, or waiting for PUBACKs, can outlast the lease, and a silent runner is taken over.
     */
    private boolean heartbeatWhenDue(long job) {
        return System.nanoTime() - lastHeartbeatNanos < TimeUnit.MILLISECONDS.toNanos(leaseMillis / 3) || heartbeat(job);
    }

    /** The broker answered the publish with a failure reason code (0x80 and above): trying again would not help. */
    static boolean refusedByBroker(Throwable failure) {
        return failure instanceof MqttException e && e.getReasonCode() >= 0x80 && e.getReasonCode() <= 0xFF;
    }

    /** The original properties (as for a validated copy) plus the re-drive's own user properties. */
    static MqttProperties properties(QuarantinedMessage m, String redrivenAt, String contractVersion) {
        MqttProperties p = io.contractgate.mqtt.OutputProperties.forValidated(QuarantineRows.properties(m));
        List<UserProperty> users = new ArrayList<>(p.getUserProperties() == null ? List.of() : p.getUserProperties());
        users.add(new UserProperty(REDRIVEN_AT, redrivenAt));
        users.add(new UserProperty(ORIGINAL_RECEIVED_AT, Instant.ofEpochMilli(m.receivedAt()).toString()));
        users.add(new UserProperty(CONTRACT_VERSION, contractVersion == null ? "" : contractVersion));
        p.setUserProperties(users);
        return p;
    }

    /** Rate limit: at most {@code ratePerSecond} publishes per second, so live traffic keeps the output client. */
    private void pace() {
        long interval = 1_000_000_000L / ratePerSecond;
        long now = System.nanoTime();
        if (nextPublishNanos - now > 0) {
            LockSupport.parkNanos(nextPublishNanos - now);
            nextPublishNanos += interval;
        } else {
            nextPublishNanos = now + interval;
        }
    }

    static QuarantineFilter selection(RedriveJob job) {
        JsonNode sel;
        try {
            sel = QuarantineJson.JSON.readTree(job.selection());
        } catch (IOException e) {
            throw new IllegalStateException("re-drive job " + job.id() + " has an unreadable selection", e);
        }
        Map<String, String> params = new java.util.HashMap<>();
        sel.fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        QuarantineFilter f = QuarantineFilter.from(params::get);
        if (!job.includeRedriven()) {
            f = new QuarantineFilter(f.mapping(), f.contractVersion(), f.errorType(), f.field(), f.sensorId(), f.from(),
                    f.to(), QuarantinedMessage.QUARANTINED, f.ids());
        }
        return f;
    }

    /** Finishes the page in progress (waits for its acknowledgements and marks it), then stops; jobs stay resumable. */
    @Override
    public synchronized void close() throws InterruptedException {
        stopping = true;
        if (thread.isAlive()) {
            thread.join(PUBACK_WAIT_SECONDS * 1000 + 10_000);
        }
    }
}
