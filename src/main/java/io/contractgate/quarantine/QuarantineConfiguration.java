package io.contractgate.quarantine;

import io.contractgate.admin.AdminConfiguration;
import io.contractgate.admin.AuditLog;
import io.contractgate.admin.EventHub;
import io.contractgate.contract.GatewayServices;
import io.contractgate.metrics.MetricsConfiguration;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.OutputClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Wires the quarantine from the {@code quarantine.*} settings: the database (H2 file by default, PostgreSQL by URL),
 * the writer behind the failed path's bean {@code storeQuarantine}, retention, the re-drive worker and the
 * {@code quarantineApi} bean of routes/quarantine-api.camel.yaml. Receives the meter registry, the admin event hub
 * and audit log with {@code @BeanInject}. With {@code quarantine.enabled=false} the bean is a no-op and the
 * API answers 503.
 */
public class QuarantineConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineConfiguration.class);

    public static final String STORE_BEAN = "storeQuarantine";
    public static final String API_BEAN = "quarantineApi";
    public static final String RECENT_BEAN = "recentTraffic";
    /** SSE event type of re-drive progress on /api/events. */
    public static final String REDRIVE_EVENT = "quarantine_redrive";

    @BeanInject(MetricsConfiguration.REGISTRY_BEAN)
    MeterRegistry registry;
    @BeanInject(AdminConfiguration.EVENTS_BEAN)
    EventHub events;
    @BeanInject(AdminConfiguration.AUDIT_BEAN)
    AuditLog audit;
    @BeanInject(GatewayServices.BEAN)
    GatewayServices services;
    @BeanInject(BrokerSettings.BEAN)
    BrokerSettings broker;

    @Override
    public void configure(CamelContext context) throws Exception {
        var pc = context.getPropertiesComponent();
        QuarantineSettings settings = QuarantineSettings.from(key -> pc.resolveProperty(key).orElse(null));
        events.declare(REDRIVE_EVENT); // also when off: the page may still ask for it, and gets nothing
        if (!settings.enabled()) {
            LOG.info("Quarantine is off: quarantine.enabled=false (failed messages are reported, not kept)");
            context.getRegistry().bind(STORE_BEAN, new StoreQuarantineProcessor());
            context.getRegistry().bind(RECENT_BEAN, new RecordRecentProcessor(null));
            context.getRegistry().bind(API_BEAN, new QuarantineApi(null));
            return;
        }
        QuarantineDatabase db = QuarantineDatabase.open(settings);
        QuarantineStore store = new QuarantineStore(db.dataSource());
        QuarantineWriter writer = new QuarantineWriter(store::insert, settings.queueSize(), settings.queueBytes(),
                settings.batchSize(), settings.required());
        QuarantineMetrics metrics = new QuarantineMetrics(registry, writer::waiting, writer::waitingBytes);
        writer.setMetrics(metrics);
        metrics.rows(store.countAll());
        Redriver redriver = new Redriver(store, new CurrentContractCheck(services),
                (topic, payload, qos, props, done) -> {
                    try {
                        publisher(context).publish(topic, message(payload, qos, props), done::accept);
                    } catch (RuntimeException e) {
                        done.accept(e);
                    }
                },
                settings.redriveRate(), metrics, job -> {
                    events.publish(REDRIVE_EVENT, QuarantineJson.job(job).toString());
                    if (!RedriveJob.RUNNING.equals(job.state())) {
                        audit.record("system", "quarantine", Long.toString(job.id()), "redrive-" + job.state(),
                                !RedriveJob.FAILED.equals(job.state()), job.passed() + " passed and republished, "
                                        + job.stillFailing() + " still failing, " + job.skipped() + " skipped of " + job.total());
                    }
                }, broker.clientIdPrefix());
        RecentTraffic recent = new RecentTraffic(settings.previewRecent(), settings.previewRecentBytes());
        QuarantineService service = new QuarantineService(store, redriver, metrics, writer, settings,
                (user, id, action, ok, detail) -> audit.record(user, "quarantine", id, action, ok, detail),
                new ImpactPreview(services, recent, store));
        context.getRegistry().bind(RECENT_BEAN, new RecordRecentProcessor(recent));
        QuarantineRetention retention = new QuarantineRetention(store, metrics, settings.maxAgeHours(), settings.maxRows(),
                System::currentTimeMillis);

        context.getRegistry().bind(STORE_BEAN, new StoreQuarantineProcessor(writer));
        context.getRegistry().bind(API_BEAN, new QuarantineApi(service));
        context.addService(new io.contractgate.startup.PeriodicTask("quarantine-retention", 0, settings.retentionSeconds(),
                TimeUnit.SECONDS, retention) {
            @Override
            protected void beforeStop() throws InterruptedException {
                // services stop after the routes (and before the output client, added earlier): the writer writes
                // what is queued, then the pool closes
                redriver.close();
                writer.close();
            }

            @Override
            protected void afterStop() {
                db.close();
            }
        }, true, true);
        // re-drives need the mapping routes running (they name the contract and validated topic in force): start
        // after every route started, and stop before any route stops, finishing the page in progress
        context.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
                redriver.start();
            }

            @Override
            public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {
            }
        });
        context.getManagementStrategy().addEventNotifier(new EventNotifierSupport() {
            {
                // context events only: exchange events would cost on every message
                setIgnoreExchangeEvents(true);
                setIgnoreStepEvents(true);
                setIgnoreRouteEvents(true);
                setIgnoreServiceEvents(true);
                setIgnoreCamelContextInitEvents(true);
            }

            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextStoppingEvent) {
                    redriver.close();
                }
            }

            @Override
            public boolean isEnabled(CamelEvent event) {
                return event instanceof CamelEvent.CamelContextStoppingEvent;
            }
        });
        LOG.info("Quarantine on: {}", settings.describe());
    }

    /** The output client in force (a broker change through the admin API replaces it). */
    private static OutputClient publisher(CamelContext context) {
        OutputClient c = context.getRegistry().lookupByNameAndType(OutputClient.BEAN, OutputClient.class);
        if (c == null) {
            throw new IllegalStateException("no MQTT output client");
        }
        return c;
    }

    private static MqttMessage message(byte[] payload, int qos, org.eclipse.paho.mqttv5.common.packet.MqttProperties props) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        m.setProperties(props);
        return m;
    }
}
