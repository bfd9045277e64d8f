package io.contractgate.startup;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;

/**
 * Ends the start-up log with one block that says what is running and where to look: the broker, the mappings that
 * consume (and the disabled ones, which keep their broker sessions but consume nothing), and the URLs of the dashboard, the admin page, the metrics and the API description.
 */
public final class ReadyLog extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger("contract-gateway");

    private final CamelContext context;
    private final String brokerUrl;
    private final String embeddedData;
    private final Supplier<List<String>> disabled;

    /**
     * @param embeddedData the embedded broker's data folder (mqtt.embedded.data-dir), or null for an external broker
     * @param disabled     the ids of the configured mappings that are disabled (read once the context has started)
     */
    public ReadyLog(CamelContext context, String brokerUrl, String embeddedData, Supplier<List<String>> disabled) {
        this.context = context;
        this.brokerUrl = brokerUrl;
        this.embeddedData = embeddedData;
        this.disabled = disabled;
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
        String mappingLine = mappingLine(mappings, disabled.get());
        LOG.info("Ready in {} ms.\n  broker     {} ({})\n  mappings   {}\n  dashboard  {}/\n"
                        + "  admin      {}/admin\n  metrics    {}/metrics\n  API        {}/api/openapi.json",
                millis, brokerUrl, brokerNote(embeddedData != null, embeddedData),
                mappingLine, base, base, base, base);
    }

    /** The broker line's note: where the embedded broker keeps its data (the folder, then the key that moves it). */
    static String brokerNote(boolean embedded, String dataDir) {
        return embedded ? "embedded; data in " + dataDir + ", set by mqtt.embedded.data-dir" : "mqtt.broker.url";
    }

    /** The block's mappings line: {@code 2 running: a, b; 1 disabled: c} (sorted; no disabled part when none is). */
    static String mappingLine(List<String> running, List<String> disabled) {
        List<String> on = running.stream().sorted().toList();
        List<String> off = disabled.stream().sorted().toList();
        return on.size() + " running: " + String.join(", ", on)
                + (off.isEmpty() ? "" : "; " + off.size() + " disabled: " + String.join(", ", off));
    }
}
