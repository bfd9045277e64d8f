package io.contractgate.metrics;

import io.contractgate.contract.Contract;
import io.contractgate.contract.MappingParameters;
import io.contractgate.mqtt.GatewayPahoComponent;
import io.contractgate.contract.GatewayServices;
import io.contractgate.settings.Settings;

import java.util.ArrayList;
import java.util.List;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the metrics feature: one Prometheus registry shared with Camel's own route metrics (bound as
 * {@code metricsRegistry} before camel-micrometer-prometheus looks it up), the gateway's meters, the route beans
 * {@code recordMetrics}, {@code countPublishFailure} and {@code logDeliveryFailure}, the validation timer and the broker connection gauge.
 * Runs after GatewayConfiguration (its {@code paho-mqtt5} component and {@code gatewayServices}).
 */
public class MetricsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsConfiguration.class);

    /** The name camel-micrometer-prometheus looks the registry up by (MicrometerConstants.METRICS_REGISTRY_NAME). */
    public static final String REGISTRY_BEAN = "metricsRegistry";
    public static final String METRICS_BEAN = "gatewayMetrics";
    public static final String MAX_SENSOR_IDS_KEY = "metrics.max-sensor-ids-per-mapping";
    public static final String MAX_FIELDS_KEY = "metrics.max-fields-per-mapping";
    /** How long the readiness check waits for the HTTP API to answer. */
    static final int HTTP_PROBE_TIMEOUT_MILLIS = 2000;

    @BeanInject(GatewayServices.BEAN)
    GatewayServices services;

    private PrometheusMeterRegistry registry;

    /**
     * The one meter registry: camel-micrometer-prometheus' own when it bound one already, else a new one it then finds
     * under this name. Other features receive it with {@code @BeanInject(REGISTRY_BEAN)}.
     */
    @BindToRegistry(value = REGISTRY_BEAN, beanPostProcess = false)
    public synchronized PrometheusMeterRegistry meterRegistry(CamelContext context) {
        if (registry == null) {
            registry = context.getRegistry().lookupByNameAndType(REGISTRY_BEAN, PrometheusMeterRegistry.class);
            if (registry == null) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            }
            // filters before any meter exists (Micrometer warns about, and does not apply them to, earlier meters)
            registry.config().meterFilter(new SnakeCaseLabels());
            // two of Micrometer's JVM meter names break Prometheus' naming rules (promtool check metrics):
            // process.cpu.time (abbreviated unit; process_cpu_usage says the same) and system.cpu.count (a gauge
            // ending in _count): left out
            registry.config().meterFilter(io.micrometer.core.instrument.config.MeterFilter.deny(id ->
                    id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        }
        return registry;
    }

    @Override
    public void configure(CamelContext context) {
        PrometheusMeterRegistry registry = meterRegistry(context);
        Settings settings = Settings.of(key -> context.getPropertiesComponent().resolveProperty(key).orElse(null));
        int maxSensorIds = settings.integer(MAX_SENSOR_IDS_KEY, GatewayMetrics.DEFAULT_MAX_SENSOR_IDS);
        GatewayMetrics metrics = new GatewayMetrics(registry, maxSensorIds);
        context.getRegistry().bind(METRICS_BEAN, metrics);
        context.getRegistry().bind("recordMetrics", new RecordMetricsProcessor(metrics));
        context.getRegistry().bind("countPublishFailure", new PublishFailureProcessor(metrics));
        context.getRegistry().bind("logDeliveryFailure", new DeliveryFailureLogProcessor());
        // the admin API's sign-in throttle finds it by type (admin cannot depend on this package)
        context.getRegistry().bind("signInMeters", new SignInMeters(registry, System::nanoTime));

        services.setValidationTimer(metrics::recordValidation);
        services.parameters().onStart(metrics::mappingStarted);
        metrics.setMaxFieldsPerMapping(settings.integer(MAX_FIELDS_KEY, GatewayMetrics.DEFAULT_MAX_FIELDS));
        metrics.setContractOfMapping(m -> services.parameters().get(m).map(MappingParameters.Parameters::contractId)
                .orElse("_unknown"));
        metrics.setContracts(() -> {
            List<Contract> in = new ArrayList<>();
            for (String id : services.contracts().ids()) {
                try {
                    in.add(services.contracts().get(id));
                } catch (RuntimeException e) {
                    // a contract that does not load has no version in force
                }
            }
            return in;
        });
        // contract_info follows saves and hand edits through reloadCompleted; this also catches the first numbers
        // (known once the admin history is wired) and edits noticed by a message before any scan
        context.getExecutorServiceManager().newSingleThreadScheduledExecutor(metrics, "contract-info")
                .scheduleWithFixedDelay(() -> {
                    try {
                        metrics.refreshContractInfo();
                    } catch (RuntimeException e) {
                        LOG.warn("Refreshing contract_info failed", e);
                    }
                }, 0, 5, java.util.concurrent.TimeUnit.SECONDS);

        context.addLifecycleStrategy(new CamelRouteMeters(registry));

        GatewayPahoComponent paho = context.getComponent("paho-mqtt5", GatewayPahoComponent.class);
        PahoClientTracker tracker = new PahoClientTracker(paho::outputClient);
        context.addLifecycleStrategy(tracker);
        metrics.brokerConnected(tracker::allConnected);
        metrics.delivery(paho.stats());
        org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(ReadinessCheck.broker(tracker::disconnected));
            // the API's own port: /observe/health may be served by a separate management server (camel.management.port)
            health.register(ReadinessCheck.httpApi(context, new HttpApiProbe(
                    settings.text("camel.server.host", "0.0.0.0"), settings.integer("camel.server.port", 8080),
                    Boolean.parseBoolean(
                    settings.text("camel.server.useGlobalSslContextParameters", "false")), HTTP_PROBE_TIMEOUT_MILLIS)));
        }
        // JVM and process meters (jvm_*, process_*, system_*): read at scrape time only (filtered in meterRegistry)
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(registry);
        io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gc = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        gc.bindTo(registry);
        try {
            context.addService(new org.apache.camel.support.service.ServiceSupport() {
                @Override
                protected void doStop() {
                    gc.close();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the GC meters", e);
        }
        LOG.info("Metrics: at most {} sensor_id label values per mapping ({}), the rest count as sensor_id=\"{}\"",
                maxSensorIds, MAX_SENSOR_IDS_KEY, GatewayMetrics.OTHER_SENSOR);
    }
}
