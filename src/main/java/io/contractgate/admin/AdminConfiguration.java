package io.contractgate.admin;

import io.contractgate.contract.ContractStore;
import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.RecentSamples;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.TopicSampler;
import io.contractgate.settings.Settings;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.platform.http.PlatformHttpComponent;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Wires the admin API: one object per concern (mappings, contracts, broker, AsyncAPI, the change journal), the REST
 * adapters the routes call ({@code mappingApi}, {@code contractApi}, {@code adminApi}), and, on the Vert.x router of
 * platform-http, the auth/body-limit guard for /api/* and the /api/events SSE stream. What other features use (the
 * settings, event hub, journal, audit log, mapping store and contract admin) is bound with {@code @BindToRegistry}, so
 * they receive it with {@code @BeanInject}.
 */
public class AdminConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConfiguration.class);

    /** The {@link EventHub}: publish more event types (e.g. live messages) through it. */
    public static final String EVENTS_BEAN = "adminEvents";
    /** The {@link HttpGuard}: register it in front of other protected paths (e.g. /admin pages). */
    public static final String GUARD_BEAN = "adminHttpGuard";
    /** The {@link AuditLog}: other features record their admin actions in it (e.g. quarantine re-drives). */
    public static final String AUDIT_BEAN = "adminAudit";
    /** The {@link ContractAdmin}: other features change contracts through it (e.g. the breaker's rollback). */
    public static final String CONTRACT_ADMIN_BEAN = "contractAdmin";
    /** The {@link AdminSettings}: e.g. the request body limit other APIs share. */
    public static final String SETTINGS_BEAN = "adminSettings";

    @BeanInject(GatewayServices.BEAN)
    GatewayServices services;
    @BeanInject(BrokerSettings.BEAN)
    BrokerSettings broker;

    private AdminSettings settings;
    private EventHub events;
    private ChangeJournal journal;
    private MappingStore mappings;
    private ContractFiles contractFiles;
    private ContractVersions versions;
    private ContractCompatibility compatibility;
    private ContractAdmin contractAdmin;

    /** The admin.* settings, read once (a generated password must stay the same for the run). */
    @BindToRegistry(value = SETTINGS_BEAN, beanPostProcess = false)
    public synchronized AdminSettings settings(CamelContext context) {
        if (settings == null) {
            PropertiesComponent pc = context.getPropertiesComponent();
            settings = AdminSettings.from(key -> pc.resolveProperty(key).orElse(null));
        }
        return settings;
    }

    /** The event stream behind /api/events: publish more event types (e.g. live messages) through it. */
    @BindToRegistry(value = EVENTS_BEAN, beanPostProcess = false)
    public synchronized EventHub events(CamelContext context) {
        if (events == null) {
            events = new EventHub(settings(context).eventQueueSize());
        }
        return events;
    }

    /** The change journal: audit log, reload listeners and the config_updated fan-out. */
    @BindToRegistry(value = ChangeJournal.BEAN, beanPostProcess = false)
    public synchronized ChangeJournal journal(CamelContext context) {
        if (journal == null) {
            journal = new ChangeJournal(new AuditLog(settings(context).configDir().resolve("audit.log")), events(context),
                    () -> context.getRegistry().findByType(ReloadListener.class));
        }
        return journal;
    }

    /** The audit log (admin/audit.log): other features record their admin actions in it. */
    @BindToRegistry(value = AUDIT_BEAN, beanPostProcess = false)
    public AuditLog audit(CamelContext context) {
        return journal(context).auditLog();
    }

    /** Contract saves, history and rollback: other features change contracts through it. */
    @BindToRegistry(value = CONTRACT_ADMIN_BEAN, beanPostProcess = false)
    public synchronized ContractAdmin contractAdmin(CamelContext context) {
        if (contractAdmin == null) {
            ContractStore contracts = services.contracts();
            contractFiles = new ContractFiles(contracts);
            versions = new ContractVersions(contracts.dir());
            compatibility = new ContractCompatibility(contractFiles, versions);
            contractAdmin = new ContractAdmin(contractFiles, versions, compatibility, mappings(context), journal(context));
        }
        return contractAdmin;
    }

    /** The mapping files in the routes folder. */
    @BindToRegistry(value = MappingStore.BEAN, beanPostProcess = false)
    public synchronized MappingStore mappings(CamelContext context) {
        if (mappings == null) {
            mappings = new MappingStore(settings(context).routesDir());
        }
        return mappings;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        AdminSettings settings = settings(context);
        if (settings.generatedPassword()) {
            // printed once, on purpose: there is no default password that silently stays
            LOG.warn("admin.password is not set: generated a password for this run only. Admin API user '{}', password '{}'."
                    + " Set admin.password (env ADMIN_PASSWORD) to choose one.", settings.username(), settings.password());
        }
        if (!Files.isDirectory(settings.routesDir())) {
            throw new IllegalArgumentException("routes folder '" + settings.routesDir().toAbsolutePath()
                    + "' does not exist (admin.routes-dir / camel.main.routes-include-pattern)");
        }
        String embeddedUrl = broker.embedded()
                ? context.getComponent("paho-mqtt5", PahoMqtt5Component.class).getConfiguration().getBrokerUrl() : null;

        MappingStore mappings = mappings(context);
        // before Camel loads the mapping files: a broken one named, a missing contract said (Camel would not say it)
        mappings.checkAtStart(new java.util.HashSet<>(services.contracts().ids())).forEach(LOG::warn);
        EventHub events = events(context);
        ChangeJournal journal = journal(context);
        ContractStore contracts = services.contracts();
        ContractAdmin contractAdmin = contractAdmin(context);
        ContractFiles files = contractFiles;
        CamelRouteControl routes = new CamelRouteControl(context, settings.routesDir(), embeddedUrl);
        Function<String, String> properties = key -> pc.resolveProperty(key).orElse(null);

        // the last payloads of each mapping, for drafting contracts from traffic
        services.setSamples(new RecentSamples(Settings.of(properties)
                .atLeast("contracts.sample-buffer", RecentSamples.DEFAULT_CAPACITY, 0)));
        MappingAdmin mappingAdmin = new MappingAdmin(mappings, contracts, routes, journal, services::samples);
        ContractDrafts drafts = new ContractDrafts(mappingAdmin, services::samples);
        ContractTrials trials = new ContractTrials(files, mappingAdmin, services.validator(), services.reports(), drafts);
        BrokerAdmin brokerAdmin = new BrokerAdmin(routes, journal, new BrokerSettingsFile(settings.configDir()), properties,
                System::getenv, embeddedUrl != null);
        AsyncApiAdmin asyncApi = new AsyncApiAdmin(files, versions, compatibility, contractAdmin, mappingAdmin, journal,
                properties);

        // hand edits of contract files become versions (author "file") and audit entries; a scan notices them
        // without traffic
        ContractHandEdits handEdits = new ContractHandEdits(contracts, versions, journal);
        contracts.setChangeListener(handEdits);
        handEdits.recordEditsMadeWhileStopped(); // e.g. a git pull while the gateway was down
        contracts.setVersionNumbers(versions::versionOf); // reports show "v3" beside the hash
        var watch = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(handEdits, "contract-files");
        watch.scheduleWithFixedDelay(() -> {
            try {
                handEdits.scanContracts();
            } catch (RuntimeException e) {
                LOG.warn("Scanning the contracts folder failed", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
        // drafts from any topic filter: a short-lived client with the broker, credentials and sockets of the gateway's own
        TopicDrafts topicDrafts = new TopicDrafts(() -> {
            BrokerSettings now;
            try {
                now = BrokerSettings.from(properties);
            } catch (IllegalArgumentException e) {
                throw new ApiException(503, "the broker settings are unusable: " + e.getMessage(), "topic");
            }
            String url = now.embedded() ? embeddedUrl : now.url();
            if (url == null) {
                throw new ApiException(503, "no embedded broker is running and mqtt.broker.url is empty", "topic");
            }
            return new TopicSampler(url, now);
        }, drafts);
        AccessControl access = new AccessControl(settings.username(), settings.password(),
                settings.viewerUsername(), settings.viewerPassword(), settings.kioskToken());
        String metricsPassword = pc.resolveProperty("metrics.password").orElse("");
        AccessControl metricsAccess = metricsPassword.isEmpty() ? null
                : new AccessControl(pc.resolveProperty("metrics.username").filter(u -> !u.isBlank()).orElse("prometheus"),
                metricsPassword, null, null);
        // one count of wrong credentials for the API, the pages' sign-in and /metrics; the metrics feature listens
        SignInThrottle throttle = new SignInThrottle(settings.signInLimits(),
                user -> access.isAccount(user) || metricsAccess != null && metricsAccess.isAccount(user),
                List.copyOf(context.getRegistry().findByType(SignInThrottle.Listener.class)));
        HttpGuard guard = new HttpGuard(access, throttle, settings.maxBodyBytes(), () -> context.getStatus().isStarted());

        context.getRegistry().bind(GUARD_BEAN, guard);
        context.getRegistry().bind(MappingAdmin.BEAN, mappingAdmin);
        // for the fleet's shared state: changes another gateway committed, applied here the way this API applies its own
        CommittedChanges committed = new CommittedChanges(journal, mappingAdmin, contractAdmin, brokerAdmin, settings);
        context.getRegistry().bind(CommittedChanges.BEAN, committed);
        context.getRegistry().findByType(CommittedChanges.Follower.class).forEach(f -> f.follow(committed));
        context.getRegistry().bind(MappingApi.BEAN, new MappingApi(mappingAdmin));
        context.getRegistry().bind(ContractApi.BEAN, new ContractApi(contractAdmin, compatibility, trials, topicDrafts));
        context.getRegistry().bind(AdminApi.BEAN, new AdminApi(brokerAdmin, asyncApi, journal,
                new StatusReport(context, contracts, versions, mappings, broker)));
        // the REST binding's mapper (camel.rest.data-format-properties[objectMapper]) and the error answers of every
        // REST route (routes/rest-errors.camel.yaml)
        context.getRegistry().bind(RestJson.BEAN, RestJson.strict());
        context.getRegistry().bind(RestErrorReply.BEAN, new RestErrorReply());

        // output clients created by broker changes are closed with the context
        context.addService(new org.apache.camel.support.service.ServiceSupport() {
            @Override
            protected void doStop() {
                routes.closeCreatedClients();
            }
        }, true, true);

        HostCheck hosts = HostCheck.of(pc.resolveProperty("camel.server.host").orElse(""),
                pc.resolveProperty(HostCheck.KEY).orElse(""));

        // the UTF-8 check of API bodies must run after the server read a body and before the REST binding reads it as
        // text: in each platform-http route, as a handler of the engine (the one Camel would create, plus this handler)
        VertxPlatformHttpEngine engine = new VertxPlatformHttpEngine();
        engine.setHandlers(List.of(HttpGuard.utf8Bodies()));
        context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, engine);

        AtomicBoolean installed = new AtomicBoolean();
        // after the HTTP server is up and before any route consumer (the REST endpoints) starts: the API is never
        // reachable without the guard
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                if (installed.compareAndSet(false, true)) {
                    if (ctx.getComponent("platform-http", PlatformHttpComponent.class).getEngine() != engine) {
                        throw new IllegalStateException("the platform-http engine was created before the admin API's"
                                + " (its request body checks would be missing)");
                    }
                    install(ctx, guard, events, metricsAccess == null ? null
                            : HttpGuard.basicOnly(metricsAccess, throttle), hosts);
                }
            }
        });
    }

    private static void install(CamelContext ctx, HttpGuard guard, EventHub events,
                                io.vertx.core.Handler<io.vertx.ext.web.RoutingContext> metricsGuard, HostCheck hosts) {
        VertxPlatformHttpRouter router = CamelContextHelper.findSingleByType(ctx, VertxPlatformHttpRouter.class);
        if (router == null) {
            throw new IllegalStateException("the admin API needs the platform-http server (camel.server.enabled=true)");
        }
        // every answer: nosniff, no framing, not cached unless it says so; /api answers without copied request headers
        router.route().order(HttpGuard.ORDER - 3).handler(new ResponseHeaders());
        // every path: HEAD answered as the same GET without its body (that GET crosses every check below, and carries
        // the HEAD client's address, which sign-in failures are counted by)
        ClientAddress clients = new ClientAddress();
        router.route().method(HttpMethod.HEAD).order(HttpGuard.ORDER - 2).handler(new HeadAsGet(router.vertx(), clients));
        router.route().order(HttpGuard.ORDER - 1).handler(clients.handler());
        // every path (pages, /metrics, health, API): a Host name this server does not answer to is a DNS-rebinding page
        router.route().order(HttpGuard.ORDER - 1).handler(HttpGuard.hostCheck(hosts));
        router.route("/api/*").order(HttpGuard.ORDER).handler(guard);
        router.route("/api/*").order(HttpGuard.ORDER).handler(guard.chunkedBodyLimit()).failureHandler(guard.bodyTooLarge());
        // Jolokia (JMX over HTTP, for Hawtio) is read-only by jolokia-access.xml and for the admin role only
        router.route("/observe/jolokia*").order(HttpGuard.ORDER).handler(guard.adminOnly());
        // a request no endpoint takes: the API's JSON 404/405 (after the guard asked for credentials), not an HTML page
        router.route("/api/*").last().handler(HttpGuard.unmatched(router::getRoutes));
        router.route(HttpMethod.GET, "/api/events").order(HttpGuard.ORDER + 1)
                .handler(new SseEndpoint(events, router.vertx(), guard.sessions()));
        if (metricsGuard != null) {
            router.route("/metrics").order(HttpGuard.ORDER).handler(metricsGuard);
        }
        LOG.info("Admin API guarded (HTTP Basic or the pages' session) under /api; config_updated events at /api/events;"
                + " /metrics {}", metricsGuard != null ? "needs the metrics.username credential" : "is open (metrics.password not set)");
    }
}
