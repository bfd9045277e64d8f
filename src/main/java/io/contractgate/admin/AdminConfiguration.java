package io.contractgate.admin;

import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.RecentSamples;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.settings.Settings;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wires the admin API: stores, audit log, event hub, the {@code adminApi} bean the REST routes call, and, on the
 * Vert.x router of platform-http, the auth/body-limit guard for /api/* and the /api/events SSE stream.
 */
public class AdminConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConfiguration.class);

    public static final String API_BEAN = "adminApi";
    public static final String SERVICE_BEAN = "adminService";
    /** The {@link EventHub}: publish more event types (e.g. live messages) through it. */
    public static final String EVENTS_BEAN = "adminEvents";
    /** The {@link HttpGuard}: register it in front of other protected paths (e.g. /admin pages). */
    public static final String GUARD_BEAN = "adminHttpGuard";

    /**
     * Applies saved broker settings ({@code <admin.config-dir>/broker.properties}) as override properties, so they win
     * over application.properties for GatewayConfiguration and for the {{mqtt.*}} placeholders in routes.
     * Environment variables still win (Camel resolves them before any property source).
     */
    public static void applySavedBrokerSettings(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        Path dir = Path.of(pc.resolveProperty("admin.config-dir").filter(s -> !s.isBlank()).orElse("config"));
        BrokerSettingsFile file = new BrokerSettingsFile(dir);
        Map<String, String> saved = file.load();
        if (!saved.isEmpty()) {
            saved.forEach(pc::addOverrideProperty);
            LOG.info("Broker settings saved through the admin API override application.properties: {}",
                    BrokerSettingsFile.masked(saved));
        }
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        AdminSettings settings = AdminSettings.from(key -> pc.resolveProperty(key).orElse(null));
        if (settings.generatedPassword()) {
            // printed once, on purpose: there is no default password that silently stays
            LOG.warn("admin.password is not set: generated a password for this run only. Admin API user '{}', password '{}'."
                    + " Set admin.password (env ADMIN_PASSWORD) to choose one.", settings.username(), settings.password());
        }
        if (!Files.isDirectory(settings.routesDir())) {
            throw new IllegalArgumentException("routes folder '" + settings.routesDir().toAbsolutePath()
                    + "' does not exist (admin.routes-dir / camel.main.routes-include-pattern)");
        }
        GatewayServices services = context.getRegistry().lookupByNameAndType(GatewayServices.BEAN, GatewayServices.class);
        if (services == null) {
            throw new IllegalStateException("AdminConfiguration must be added after GatewayConfiguration");
        }
        BrokerSettings broker = context.getRegistry().lookupByNameAndType(BrokerSettings.BEAN, BrokerSettings.class);
        String embeddedUrl = broker != null && broker.embedded()
                ? context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration().getBrokerUrl() : null;

        MappingStore mappings = new MappingStore(settings.routesDir());
        ContractVersions versions = new ContractVersions(services.contracts().dir());
        AuditLog audit = new AuditLog(settings.configDir().resolve("audit.log"));
        EventHub events = new EventHub(settings.eventQueueSize());
        CamelRouteControl routes = new CamelRouteControl(context, settings.routesDir(), embeddedUrl);
        AdminService service = new AdminService(mappings, services.contracts(), versions, audit, events,
                services.validator(), services.reports(), routes,
                () -> context.getRegistry().findByType(ReloadListener.class),
                new BrokerSettingsFile(settings.configDir()),
                key -> pc.resolveProperty(key).orElse(null), System::getenv, embeddedUrl != null);
        // hand edits of contract files become versions (author "file") and audit entries; a scan notices them
        // without traffic
        services.contracts().setChangeListener(service.handEdits());
        service.recordEditsMadeWhileStopped(); // e.g. a git pull while the gateway was down
        services.contracts().setVersionNumbers(versions::versionOf); // reports show "v3" beside the hash
        var watch = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(service, "contract-files");
        watch.scheduleWithFixedDelay(() -> {
            try {
                service.scanContracts();
            } catch (RuntimeException e) {
                LOG.warn("Scanning the contracts folder failed", e);
            }
        }, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
        // the last payloads of each mapping, for drafting contracts from traffic
        RecentSamples samples = new RecentSamples(Settings.of(key -> pc.resolveProperty(key).orElse(null))
                .atLeast("contracts.sample-buffer", RecentSamples.DEFAULT_CAPACITY, 0));
        services.setSamples(samples);
        service.useSamples(samples);
        AccessControl access = new AccessControl(settings.username(), settings.password(),
                settings.viewerUsername(), settings.viewerPassword());
        HttpGuard guard = new HttpGuard(access, settings.maxBodyBytes(), () -> context.getStatus().isStarted());

        context.getRegistry().bind(EVENTS_BEAN, events);
        context.getRegistry().bind(GUARD_BEAN, guard);
        context.getRegistry().bind(SERVICE_BEAN, service);
        context.getRegistry().bind(API_BEAN, new AdminApi(service,
                new StatusReport(context, services.contracts(), versions, mappings), settings.maxBodyBytes()));

        // output clients created by broker changes are closed with the context
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                routes.closeCreatedClients();
            }
        }, true, true);

        String metricsPassword = pc.resolveProperty("metrics.password").orElse("");
        AccessControl metricsAccess = metricsPassword.isEmpty() ? null
                : new AccessControl(pc.resolveProperty("metrics.username").filter(u -> !u.isBlank()).orElse("prometheus"),
                metricsPassword, null, null);

        AtomicBoolean installed = new AtomicBoolean();
        // after the HTTP server is up and before any route consumer (the REST endpoints) starts: the API is never
        // reachable without the guard
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                if (installed.compareAndSet(false, true)) {
                    install(ctx, guard, events, metricsAccess);
                }
            }
        });
    }

    private static void install(CamelContext ctx, HttpGuard guard, EventHub events, AccessControl metricsAccess) {
        VertxPlatformHttpRouter router = CamelContextHelper.findSingleByType(ctx, VertxPlatformHttpRouter.class);
        if (router == null) {
            throw new IllegalStateException("the admin API needs the platform-http server (camel.server.enabled=true)");
        }
        router.route("/api/*").order(HttpGuard.ORDER).handler(guard);
        // Jolokia (JMX over HTTP, for Hawtio) is read-only by jolokia-access.xml and for the admin role only
        router.route("/observe/jolokia*").order(HttpGuard.ORDER).handler(guard.adminOnly());
        router.route(HttpMethod.GET, "/api/events").order(HttpGuard.ORDER + 1)
                .handler(new SseEndpoint(events, router.vertx()));
        if (metricsAccess != null) {
            router.route("/metrics").order(HttpGuard.ORDER).handler(HttpGuard.basicOnly(metricsAccess));
        }
        LOG.info("Admin API guarded (HTTP Basic or the pages' session) under /api; config_updated events at /api/events;"
                + " /metrics {}", metricsAccess != null ? "needs the metrics.username credential" : "is open (metrics.password not set)");
    }
}
