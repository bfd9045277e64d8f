package io.contractgate.web;

import io.contractgate.admin.AdminConfiguration;
import io.contractgate.admin.AdminSettings;
import io.contractgate.admin.ChangeJournal;
import io.contractgate.admin.MappingStore;
import io.contractgate.admin.EventHub;
import io.contractgate.mqtt.OutputClient;
import io.contractgate.settings.Settings;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires the web pages: serves {@code web/} (dashboard at {@code /}, admin page at {@code /admin}, {@code /assets/...})
 * on the platform-http router, binds the {@code liveFeed} step of the publish routes and the {@code webApi} bean,
 * every {@code web.live.batch-millis} publishes one {@code live} event on the admin API's event stream
 * ({@code /api/events}), and every 10 s adds a point to the last hour's {@link RateHistory} (event {@code history}).
 */
public class WebConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WebConfiguration.class);

    /** Registry name of the publish routes' live-feed step. */
    public static final String FEED_BEAN = "liveFeed";
    public static final String API_BEAN = "webApi";
    /** SSE event type of the dashboard's batches. */
    public static final String LIVE_EVENT = "live";
    /** SSE event type of a new point of the last hour's rates (every {@link RateHistory#STEP_SECONDS} s). */
    public static final String HISTORY_EVENT = "history";
    /** Vert.x route order: after the /api guard, before platform-http's routes. */
    static final int ORDER = -900;

    @BeanInject(AdminConfiguration.EVENTS_BEAN)
    EventHub events;
    @BeanInject(ChangeJournal.BEAN)
    ChangeJournal journal;
    @BeanInject(MappingStore.BEAN)
    MappingStore mappings;
    @BeanInject(AdminConfiguration.SETTINGS_BEAN)
    AdminSettings admin;

    @Override
    public void configure(CamelContext context) throws Exception {
        events.declare(LIVE_EVENT);
        events.declare(HISTORY_EVENT);
        PropertiesComponent pc = context.getPropertiesComponent();
        Settings settings = Settings.of(key -> pc.resolveProperty(key).orElse(null));
        String dir = settings.text("web.dir", "web");
        if (!Files.isDirectory(Path.of(dir))) {
            throw new IllegalArgumentException("web.dir '" + Path.of(dir).toAbsolutePath() + "' is not a folder");
        }
        WebFiles files;
        try {
            files = new WebFiles(Path.of(dir));
        } catch (IOException e) {
            throw new IllegalArgumentException("web.dir '" + dir + "' cannot be read: " + e.getMessage(), e);
        }
        long batchMillis = settings.integer("web.live.batch-millis", 500, 50, 60_000);
        int maxPayload = settings.integer("contracts.max-payload-bytes", io.contractgate.contract.PayloadValidator.DEFAULT_MAX_PAYLOAD_BYTES);

        long start = System.nanoTime();
        LiveFeed feed = new LiveFeed(start);
        RateHistory history = new RateHistory(start);
        AtomicReference<String> last = new AtomicReference<>();
        context.getRegistry().bind(FEED_BEAN, new LiveFeedProcessor(feed));
        context.getRegistry().bind(API_BEAN, new WebApi(
                admin.username(),
                feed, last::get, history, mappings, journal.auditLog(),
                () -> context.getRegistry().lookupByNameAndType(OutputClient.BEAN, OutputClient.class),
                maxPayload));

        // the batch timer lives and dies with the CamelContext
        context.addService(new ServiceSupport() {
            private ScheduledExecutorService timer;

            @Override
            protected void doStart() {
                timer = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "live-feed");
                timer.scheduleAtFixedRate(() -> {
                    try {
                        String json = feed.batch(System.nanoTime());
                        last.set(json);
                        events.publish(LIVE_EVENT, json);
                    } catch (RuntimeException e) {
                        LOG.warn("Live feed batch failed", e); // keep the timer alive
                    }
                }, batchMillis, batchMillis, TimeUnit.MILLISECONDS);
                // the last hour: the same counters read every 10 s on the same thread (nothing added per message)
                timer.scheduleAtFixedRate(() -> {
                    try {
                        history.add(System.currentTimeMillis(), System.nanoTime(), feed.counts());
                        events.publish(HISTORY_EVENT, history.latestJson());
                    } catch (RuntimeException e) {
                        LOG.warn("Rate history sample failed", e); // keep the timer alive
                    }
                }, RateHistory.STEP_SECONDS, RateHistory.STEP_SECONDS, TimeUnit.SECONDS);
            }

            @Override
            protected void doStop() {
                if (timer != null) {
                    context.getExecutorServiceManager().shutdownNow(timer);
                }
            }
        }, true, true);

        AtomicBoolean installed = new AtomicBoolean();
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
                if (installed.compareAndSet(false, true)) {
                    install(ctx, files);
                }
            }
        });
    }

    private static void install(CamelContext ctx, WebFiles files) {
        VertxPlatformHttpRouter router = CamelContextHelper.findSingleByType(ctx, VertxPlatformHttpRouter.class);
        if (router == null) {
            throw new IllegalStateException("the web pages need the platform-http server (camel.server.enabled=true)");
        }
        StaticWebHandler pages = new StaticWebHandler(files);
        // decided on the raw path: the router's own matching uses the decoded, dot-segment-free path
        router.route().order(ORDER).handler(ctx2 -> {
            if (WebFiles.owns(ctx2.request().path())) {
                pages.handle(ctx2);
            } else {
                ctx2.next();
            }
        });
        LOG.info("Web pages from {}: dashboard at /, admin page at /admin; live batches on /api/events (event: {})",
                files.root(), LIVE_EVENT);
    }
}
