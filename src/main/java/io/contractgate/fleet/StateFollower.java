package io.contractgate.fleet;

import io.contractgate.database.PooledDatabase;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * One thread per gateway that keeps it in step with the fleet: it LISTENs for committed changes (pgjdbc's
 * {@link PGConnection#getNotifications(int)}), compares the configuration version every {@code state.check-seconds}
 * as a safety net for a lost notification, and reports this gateway every {@code state.heartbeat-seconds}. When the
 * database is unreachable the gateway keeps running on its files and the thread tries again.
 */
public final class StateFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StateFollower.class);
    /** How long one wait for notifications blocks: the stop and the timers are looked at this often. */
    private static final int WAIT_MILLIS = 250;

    private final SharedState state;
    private final StateSettings settings;
    private final String appVersion;
    private final String host;
    private final IntSupplier mappingsRunning;
    private final Instant started = Instant.now();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile Thread thread;
    private volatile boolean reachable = true;

    public StateFollower(SharedState state, StateSettings settings, String appVersion, String host,
                         IntSupplier mappingsRunning) {
        this.state = state;
        this.settings = settings;
        this.appVersion = appVersion;
        this.host = host;
        this.mappingsRunning = mappingsRunning;
    }

    public void start() {
        Thread t = new Thread(this::run, "fleet-state");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (stop.getCount() > 0) {
            try (Connection c = state.store().dataSource().getConnection()) {
                PGConnection pg = c.unwrap(PGConnection.class);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + StateStore.CHANNEL);
                }
                if (!reachable) {
                    LOG.info("The shared state database is reachable again: following the fleet's configuration");
                    reachable = true;
                }
                follow(c, pg);
            } catch (SQLException | RuntimeException e) {
                if (stop.getCount() == 0) {
                    return;
                }
                if (reachable) {
                    LOG.warn("The shared state database is unreachable ({}): this gateway keeps running on its files"
                            + " and refuses admin changes until it is back", PooledDatabase.rootMessage(e));
                    reachable = false;
                }
                try {
                    if (stop.await(settings.checkSeconds(), TimeUnit.SECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits for notifications on the listening connection; checks and reports on their timers. */
    private void follow(Connection c, PGConnection pg) throws SQLException {
        long checkEvery = TimeUnit.SECONDS.toNanos(settings.checkSeconds());
        long beatEvery = TimeUnit.SECONDS.toNanos(settings.heartbeatSeconds());
        long nextCheck = 0;
        long nextBeat = 0;
        boolean first = true;
        while (stop.getCount() > 0) {
            long now = System.nanoTime();
            if (first || now - nextCheck >= 0) {
                state.follow();
                nextCheck = now + checkEvery;
            }
            if (first || now - nextBeat >= 0) {
                report();
                nextBeat = now + beatEvery;
            }
            first = false;
            PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
            if (got != null && got.length > 0) {
                state.follow();
                report(); // the fleet view shows the new version at once
            }
            if (c.isClosed()) {
                throw new SQLException("the listening connection closed");
            }
        }
    }

    private void report() throws SQLException {
        state.store().report(new FleetMember(settings.instanceId(), appVersion, host, started, null,
                mappingsRunning.getAsInt(), state.applied(), state.problem()));
    }

    /** This gateway's row as it would report now, for the fleet view of a single gateway. */
    public Instant started() {
        return started;
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        stop.countDown();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            state.store().leave(settings.instanceId());
        } catch (SQLException e) {
            // unreachable: the row stays and the fleet view shows this gateway silent
        }
    }
}
