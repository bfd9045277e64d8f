package io.contractgate.startup;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Ends the start-up log with one block that says what is running and where to look: the broker, the mappings that
 * consume, and the URLs of the dashboard, the admin page, the metrics and the API description.
 */
public final class ReadyLog extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("contract-gateway");

    private final CamelContext context;
    private final String brokerUrl;
    private final boolean embedded;

    public ReadyLog(CamelContext context, String brokerUrl, boolean embedded) {
        this.context = context;
        this.brokerUrl = brokerUrl;
        this.embedded = embedded;
        setIgnoreExchangeEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        var pc = context.getPropertiesComponent();
        String host = pc.resolveProperty("camel.server.host").filter(h -> !h.isBlank()).orElse("0.0.0.0").trim();
        String port = pc.resolveProperty("camel.server.port").orElse("8080").trim();
        boolean tls = pc.resolveProperty("camel.server.useGlobalSslContextParameters").map(Boolean::parseBoolean)
                .orElse(false);
        String base = (tls ? "https" : "http") + "://" + ("0.0.0.0".equals(host) ? "localhost" : host) + ":" + port;
        List<String> mappings = context.getRoutes().stream().map(Route::getRouteId)
                .filter(id -> id.startsWith("mapping-"))
                .filter(id -> context.getRouteController().getRouteStatus(id).isStarted())
                .map(id -> id.substring("mapping-".length())).sorted().toList();
        long millis = ManagementFactory.getRuntimeMXBean().getUptime();
        LOG.info("Ready in {} ms.\n  broker     {} ({})\n  mappings   {} running: {}\n  dashboard  {}/\n"
                        + "  admin      {}/admin\n  metrics    {}/metrics\n  API        {}/api/openapi.json",
                millis, brokerUrl, embedded ? "embedded, data in mqtt.embedded.data-dir" : "mqtt.broker.url",
                mappings.size(), String.join(", ", mappings), base, base, base, base);
    }
}
