package io.contractgate.fleet;

import io.contractgate.admin.AdminSettings;
import io.contractgate.admin.ChangeJournal;
import io.contractgate.admin.CommittedChanges;
import io.contractgate.admin.Mapping;
import io.contractgate.database.PooledDatabase;
import io.contractgate.startup.StartupProblem;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.StartupListener;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * Wires the fleet's shared state from the {@code state.*} settings: {@link #prepareFiles} (called by the start-up
 * wiring before any contract or route loads) opens the database and brings this gateway's files to it; then the change
 * gate and audit mirror on the admin journal, the follower thread and the {@code fleetApi} bean of
 * routes/fleet-api.camel.yaml. Without {@code state.jdbc-url} only the API bean is bound (it lists this gateway).
 * The admin journal comes by {@code @BeanInject}; the admin configuration hands the shared state the
 * {@link CommittedChanges} it applies others' changes through ({@link CommittedChanges.Follower}).
 */
public class FleetConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FleetConfiguration.class);
    private static final String STATE_BEAN = "fleetSharedState";
    private static final Instant STARTED = Instant.now();

    @BeanInject(ChangeJournal.BEAN)
    ChangeJournal journal;

    /** What {@link #prepareFiles} opened, for {@link #configure}; follows the changes committed by other gateways. */
    private record Opened(StateSettings settings, PooledDatabase database, SharedState state)
            implements CommittedChanges.Follower {
        @Override
        public void follow(CommittedChanges changes) {
            state.setChanges(changes);
        }
    }

    /**
     * With {@code state.jdbc-url}: opens and migrates the database, then seeds it from this gateway's files when it
     * holds no configuration yet, or else makes the files what it holds. Stops the start naming the key when it
     * cannot. Without the setting, or when done already: does nothing.
     */
    public static synchronized void prepareFiles(CamelContext context) {
        if (context.getRegistry().lookupByName(STATE_BEAN) != null) {
            return;
        }
        Function<String, String> props = properties(context);
        StateSettings s = StateSettings.from(props, defaultInstanceId(props));
        if (s == null) {
            return;
        }
        AdminSettings admin = AdminSettings.from(props);
        LocalFiles files = new LocalFiles(admin.routesDir(), admin.contractsDir(), admin.configDir());
        // a database that cannot be opened stops the start naming the settings (PooledDatabase's StartupProblem)
        PooledDatabase db = PooledDatabase.open(s.databaseSpec(s.poolSize()));
        SharedState state = new SharedState(new StateStore(db.dataSource()), files, s.instanceId());
        try {
            LOG.info("Shared state {}: {}", s.describe(), state.start());
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new StartupProblem("cannot bring this gateway's files to the shared state " + s.describe()
                    + " (state.jdbc-url): " + PooledDatabase.rootMessage(e), e);
        }
        context.getRegistry().bind(STATE_BEAN, new Opened(s, db, state));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        Function<String, String> props = properties(context);
        IntSupplier running = () -> mappingsRunning(context);
        String appVersion = appVersion();
        String host = host();
        Opened opened = context.getRegistry().lookupByNameAndType(STATE_BEAN, Opened.class);
        if (opened == null) {
            String id = defaultInstanceId(props);
            context.getRegistry().bind(FleetApi.BEAN, new FleetApi(new FleetView(null, 0,
                    () -> new FleetMember(id, appVersion, host, STARTED, null, running.getAsInt(), 0, null))));
            return;
        }
        StateSettings s = opened.settings();
        SharedState state = opened.state();
        journal.setGate(state);
        journal.auditLog().setMirror(state);
        StateFollower follower = new StateFollower(state, s, appVersion, host, running);
        context.getRegistry().bind(FleetApi.BEAN, new FleetApi(new FleetView(state.store(), s.heartbeatSeconds(),
                () -> new FleetMember(s.instanceId(), appVersion, host, follower.started(), null, running.getAsInt(),
                        state.applied(), state.problem()))));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                follower.close();
                opened.database().close();
            }
        }, true, true);
        // changes of other gateways reload routes: follow once every route runs
        AtomicBoolean started = new AtomicBoolean();
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                if (started.compareAndSet(false, true)) {
                    follower.start();
                }
            }
        });
        LOG.info("Fleet: admin changes are committed to the shared state and followed from it (instance {},"
                + " heartbeat every {} s, version check every {} s)", s.instanceId(), s.heartbeatSeconds(),
                s.checkSeconds());
    }

    private static int mappingsRunning(CamelContext context) {
        int n = 0;
        for (Route r : context.getRoutes()) {
            if (r.getRouteId().startsWith(Mapping.routeId(""))
                    && context.getRouteController().getRouteStatus(r.getRouteId()) == ServiceStatus.Started) {
                n++;
            }
        }
        return n;
    }

    private static Function<String, String> properties(CamelContext context) {
        var pc = context.getPropertiesComponent();
        return key -> pc.resolveProperty(key).orElse(null);
    }

    /** The host name (HOSTNAME, e.g. a pod's name, else the local host's) and the HTTP port. */
    static String defaultInstanceId(Function<String, String> props) {
        String port = props.apply("camel.server.port");
        return host() + ":" + (port == null || port.isBlank() ? "8080" : port.trim());
    }

    private static String host() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                h = "localhost";
            }
        }
        return shortHost(h);
    }

    /**
     * A host name as the start of an instance id: characters the id does not take become '-', and a name longer
     * than 50 characters keeps its end, where the names of a Deployment's or StatefulSet's pods differ
     * ({@code ...-7d9f8b6c5d-x2k4p}, {@code ...-0}); the id starts with a letter or digit.
     */
    static String shortHost(String host) {
        String h = host.replaceAll("[^A-Za-z0-9_.-]", "-");
        h = h.length() > 50 ? h.substring(h.length() - 50) : h;
        h = h.replaceFirst("^[^A-Za-z0-9]+", "");
        return h.isEmpty() ? "localhost" : h;
    }

    private static String appVersion() {
        String v = FleetConfiguration.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
