package io.contractgate;

import io.contractgate.admin.BrokerSettingsFile;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.EmbeddedBroker;
import io.contractgate.mqtt.GatewayPahoComponent;
import io.contractgate.mqtt.OutputClient;
import io.contractgate.pipeline.OutputTopicProcessor;
import io.contractgate.report.FailureReport;
import io.contractgate.settings.Settings;
import io.contractgate.simulator.SensorSimulator;
import io.contractgate.startup.PortCheck;
import io.contractgate.startup.StartupProblem;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;

/**
 * Wires the gateway's beans from {@code application.properties}: contracts, validator, MQTT (embedded broker when no
 * URL is set) and the simulator. Fails fast, naming the key at fault. The services every route uses and the broker
 * settings are bound with {@code @BindToRegistry} while camel-main prepares the configurations (this one first, see
 * {@link GatewayMain#configure}), so the other configurations receive them with {@code @BeanInject}.
 */
public class GatewayConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    private GatewayServices services;
    private BrokerSettings broker;

    /** Contracts, validator and report builder: what every mapping's processor uses (made once, see GatewayMain). */
    @BindToRegistry(GatewayServices.BEAN)
    public synchronized GatewayServices gatewayServices(CamelContext context) {
        if (services != null) {
            return services;
        }
        // with state.jdbc-url the fleet's database decides the files (mappings, contracts, broker) before any loads
        io.contractgate.fleet.FleetConfiguration.prepareFiles(context);
        PropertiesComponent pc = context.getPropertiesComponent();
        Settings settings = Settings.of(key -> pc.resolveProperty(key).orElse(null));
        ContractStore contracts = new ContractStore(Path.of(settings.text("contracts.dir", "schemas")));
        contracts.loadAll();
        PayloadValidator validator = new PayloadValidator(
                settings.integer("contracts.max-payload-bytes", PayloadValidator.DEFAULT_MAX_PAYLOAD_BYTES),
                settings.integer("contracts.max-depth", PayloadValidator.DEFAULT_MAX_DEPTH),
                settings.integer("contracts.check-budget", (int) PayloadValidator.DEFAULT_CHECK_BUDGET, 1000, 1_000_000_000));
        FailureReport reports = new FailureReport(
                settings.integer("reports.payload-echo-bytes", FailureReport.DEFAULT_PAYLOAD_ECHO_BYTES));
        LOG.info("Contracts loaded from {}: {}", contracts.dir().toAbsolutePath(), contracts.ids());
        services = new GatewayServices(contracts, validator, reports);
        return services;
    }

    /**
     * The MQTT settings at start: application.properties, overridden by what was saved through the admin API and by
     * the environment. The admin configuration receives them with {@code @BeanInject}.
     */
    @BindToRegistry(value = BrokerSettings.BEAN, beanPostProcess = false)
    public synchronized BrokerSettings brokerSettings(CamelContext context) {
        if (broker == null) {
            PropertiesComponent pc = context.getPropertiesComponent();
            requireFreeHttpPort(Settings.of(key -> pc.resolveProperty(key).orElse(null)));
            // (done already when the contracts were loaded; the broker settings file below must be the fleet's too)
            io.contractgate.fleet.FleetConfiguration.prepareFiles(context);
            // broker settings saved through the admin API (config/broker.properties) override application.properties
            BrokerSettingsFile savedFile = new BrokerSettingsFile(Path.of(pc.resolveProperty("admin.config-dir")
                    .filter(s -> !s.isBlank()).orElse("config")));
            Map<String, String> saved = applySavedBrokerSettings(pc, savedFile);
            try {
                broker = BrokerSettings.from(key -> pc.resolveProperty(key).orElse(null));
            } catch (IllegalArgumentException e) {
                throw new StartupProblem(savedFile.explain(e.getMessage(), saved,
                        key -> pc.resolveProperty(key).orElse(null)), e);
            }
            // the routes' {{mqtt.client-id}} is this instance's prefix: in a fleet (mqtt.shared-group) one derived
            // from HOSTNAME unless mqtt.client-id names the instance (SharedSubscription.instancePrefix)
            pc.addOverrideProperty("mqtt.client-id", broker.clientIdPrefix());
            if (broker.shared()) {
                LOG.info("Fleet member: every mapping subscribes as $share/{}/<topic>, client ids {}-* "
                        + "(mqtt.shared-group, docs/scaling.md)", broker.sharedGroup(), broker.clientIdPrefix());
            }
        }
        return broker;
    }

    /**
     * Applies saved broker settings ({@code <admin.config-dir>/broker.properties}) as override properties, so they win
     * over application.properties here and for the {{mqtt.*}} placeholders in routes. Environment variables still win
     * (Camel resolves them before any property source).
     */
    private static Map<String, String> applySavedBrokerSettings(PropertiesComponent pc, BrokerSettingsFile file) {
        Map<String, String> saved = file.load();
        if (!saved.isEmpty()) {
            saved.forEach(pc::addOverrideProperty);
            LOG.info("Broker settings saved through the admin API override application.properties: {}",
                    BrokerSettingsFile.masked(saved));
        }
        return saved;
    }

    /** A busy HTTP port stops the start before anything listens or connects. */
    private static void requireFreeHttpPort(Settings settings) {
        if (settings.bool("camel.server.enabled", true)) {
            PortCheck.requireFree("camel.server.port", settings.text("camel.server.host", "0.0.0.0"),
                    settings.integer("camel.server.port", 8080), settings.integer("mqtt.embedded.port", 1883));
        }
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        PropertiesComponent pc = context.getPropertiesComponent();
        Settings settings = Settings.of(key -> pc.resolveProperty(key).orElse(null));
        BrokerSettings broker = brokerSettings(context);
        String url = broker.url();
        EmbeddedBroker embedded = null;
        String embeddedData = null;
        if (broker.embedded()) {
            embeddedData = settings.text("mqtt.embedded.data-dir", "data/broker");
            // the largest packet it takes follows the largest payload the check takes (contracts.max-payload-bytes)
            embedded = new EmbeddedBroker(settings.text("mqtt.embedded.bind", "127.0.0.1"),
                    settings.integer("mqtt.embedded.port", 1883), Path.of(embeddedData),
                    gatewayServices(context).validator().maxPayloadBytes());
            // a busy port fails here; the broker opens its file stores in the background meanwhile (about a second)
            // and the MQTT clients join it before their first connection (GatewayPahoComponent.beforeFirstConnection)
            embedded.begin();
            context.addService(new Closing(embedded), true, true);
            url = embedded.url();
        }
        context.getManagementStrategy().addEventNotifier(new io.contractgate.startup.ReadyLog(context, BrokerSettings.shown(url),
                embeddedData, () -> disabledMappings(context)));
        // camel-paho-mqtt5 with the at-least-once consumer and the acknowledging producer, under its own scheme
        GatewayPahoComponent paho = new GatewayPahoComponent();
        context.addComponent("paho-mqtt5", paho);
        paho.configure(broker, url);
        if (!broker.cleanStart() && broker.sessionExpiry() == 0) {
            LOG.warn("mqtt.session-expiry=0: the broker ends each session with its connection, so messages that "
                    + "arrive while the gateway is away or restarting are not kept for it");
        }

        // one non-blocking output client shared by the validated and failed paths (see OutputClient)
        OutputClient publisher = new OutputClient(url, broker.clientIdPrefix() + "-out", paho.stats());
        // connected before any route's input or output connects (they wait for this step as they start): a wrong URL,
        // credentials or TLS store stops the start with what to check
        EmbeddedBroker starting = embedded;
        String brokerUrl = url;
        paho.beforeFirstConnection(() -> {
            if (starting != null) {
                starting.awaitStarted();
                LOG.info("No mqtt.broker.url set: started the embedded MQTT 5 broker on {}", brokerUrl);
            }
            connectOrExplain(publisher, broker, brokerUrl);
        });
        context.getRegistry().bind(OutputClient.BEAN, publisher);
        paho.setOutputClient(publisher);
        // stops after the routes (services stop in reverse order of adding): their last outputs are acknowledged
        context.addService(new Closing(() -> {
            Object current = context.getRegistry().lookupByName(OutputClient.BEAN);
            if (current instanceof OutputClient c && c != publisher) {
                c.close();
            }
            publisher.close();
        }), true, true);

        // the steps of routes/publish-*.camel.yaml that address each output
        context.getRegistry().bind(OutputTopicProcessor.VALIDATED_BEAN, OutputTopicProcessor.validated());
        context.getRegistry().bind(OutputTopicProcessor.FAILED_BEAN, OutputTopicProcessor.failed());

        if (settings.bool("simulator.enabled", false)) {
            SensorSimulator simulator = new SensorSimulator(broker, url,
                    settings.decimal("simulator.rate", 5), settings.decimal("simulator.invalid-share", 0.2));
            // started with the context (not now): it waits for the broker like every other MQTT client
            context.addService(new Closing(simulator::close) {
                @Override
                protected void doStart() throws Exception {
                    paho.awaitBroker();
                    simulator.start();
                }
            }, true, false);
        }
    }

    private static void connectOrExplain(OutputClient publisher, BrokerSettings broker, String url) {
        try {
            publisher.connect(broker);
        } catch (MqttException e) {
            publisher.close();
            throw new io.contractgate.startup.StartupProblem("cannot connect to the MQTT broker at " + url
                    + " (mqtt.broker.url): " + OutputClient.explain(e, broker), e);
        }
    }

    /** Ties an {@link AutoCloseable} to the CamelContext's lifecycle, so it stops with the routes. */
    static class Closing extends ServiceSupport {
        private final AutoCloseable resource;

        Closing(AutoCloseable resource) {
            this.resource = resource;
        }

        @Override
        protected void doStop() throws Exception {
            resource.close();
        }
    }

    /** The ids of the configured mappings that are disabled (their files exist, no route runs), for the Ready block. */
    private static java.util.List<String> disabledMappings(CamelContext context) {
        io.contractgate.admin.MappingStore store = context.getRegistry()
                .lookupByNameAndType(io.contractgate.admin.MappingStore.BEAN, io.contractgate.admin.MappingStore.class);
        if (store == null) {
            return java.util.List.of();
        }
        try {
            return store.mappings().stream().filter(m -> !m.enabled()).map(io.contractgate.admin.Mapping::id).toList();
        } catch (RuntimeException e) {
            return java.util.List.of(); // the block is a convenience: an unreadable folder is reported elsewhere
        }
    }
}
