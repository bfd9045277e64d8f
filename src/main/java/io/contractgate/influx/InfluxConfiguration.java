package io.contractgate.influx;

import com.influxdb.client.InfluxDBClient;
import io.contractgate.metrics.MetricsConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the Influx path from the {@code influx.*} settings: the wrapped client (bean {@code influxClient}), the
 * writer's counters, and the route bean {@code storeInflux} that writes through a camel-influxdb2 endpoint. With no
 * {@code influx.url} the bean is a no-op and the log says so.
 */
public class InfluxConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxConfiguration.class);

    public static final String CLIENT_BEAN = "influxClient";
    public static final String STATUS_BEAN = "influxStatus";
    public static final String STORE_BEAN = "storeInflux";

    @BeanInject(MetricsConfiguration.REGISTRY_BEAN)
    MeterRegistry registry;

    @Override
    public void configure(CamelContext context) {
        InfluxSettings settings = InfluxSettings.from(key -> context.getPropertiesComponent().resolveProperty(key)
                .orElse(null));
        if (!settings.enabled()) {
            LOG.info("InfluxDB storage is off: influx.url is empty (messages are still validated, published and"
                    + " counted)");
            context.getRegistry().bind(STATUS_BEAN, new InfluxStatus(settings, null));
            context.getRegistry().bind(STORE_BEAN, new StoreInfluxProcessor());
            return;
        }
        InfluxWriteStats stats = new InfluxWriteStats(registry);
        InfluxDBClient client = InfluxClientFactory.create(settings, stats);
        context.getRegistry().bind(CLIENT_BEAN, client);
        // auto-create off: the gateway must not create orgs or buckets (and QuestDB-style servers cannot)
        String uri = "influxdb2:" + CLIENT_BEAN + "?org=RAW(" + settings.org() + ")&bucket=RAW(" + settings.bucket()
                + ")&autoCreateOrg=false&autoCreateBucket=false";
        StoreInfluxProcessor store = new StoreInfluxProcessor(context, uri,
                new PointMapper(settings.measurement(), settings.timestampField(), settings.payloadMaxChars()),
                stats, client, settings.required() ? new RequiredInfluxWriter(
                        batch -> client.getWriteApiBlocking().writePoints(settings.bucket(), settings.org(), batch),
                        settings, stats) : null);
        context.getRegistry().bind(STORE_BEAN, store);
        context.getRegistry().bind(STATUS_BEAN, new InfluxStatus(settings, stats));
        try {
            context.addService(store, true, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the Influx writer", e);
        }
        LOG.info("InfluxDB storage on: {}", settings.describe());
    }
}
