package io.contractgate.admin;

import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.GatewayPahoComponent;
import io.contractgate.mqtt.OutputClient;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.PropertiesComponent;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Camel adapter that moves every MQTT route to new broker settings: the output routes (route group
 * {@value #OUTPUT_GROUP}) go first, the shared output client is replaced, then the outputs and the mapping routes are
 * reloaded from their files, so their endpoints copy the new component settings.
 */
final class MqttReconnect {

    /** The route group of the routes that publish to MQTT (routes/publish-*.camel.yaml). */
    static final String OUTPUT_GROUP = "mqtt-output";

    private final CamelContext context;
    private final CamelRouteControl routes;
    private final MappingStore mappings;
    private final String embeddedUrl;
    private final List<OutputClient> createdClients = new ArrayList<>();
    /** Output route id -> its file: remembered, since a route that failed to come back is missing from the context. */
    private final Map<String, Path> outputs = new LinkedHashMap<>();

    MqttReconnect(CamelContext context, CamelRouteControl routes, MappingStore mappings, String embeddedUrl) {
        this.context = context;
        this.routes = routes;
        this.mappings = mappings;
        this.embeddedUrl = embeddedUrl;
    }

    /** Reconnects every MQTT route with these settings; null, or what went wrong (the caller restores). */
    String reconnect(Map<String, String> values) {
        PropertiesComponent pc = context.getPropertiesComponent();
        // routes resolve {{mqtt.client-id}} and {{mqtt.qos}} when they are (re)created: make the new values win
        values.forEach(pc::addOverrideProperty);
        BrokerSettings settings;
        try {
            // keys the admin API does not change (mqtt.shared-group) stay as they were at start
            settings = BrokerSettings.from(key -> values.containsKey(key) ? values.get(key)
                    : pc.resolveProperty(key).orElse(null));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        pc.addOverrideProperty("mqtt.client-id", settings.clientIdPrefix()); // derived in a fleet, as at start
        String url = settings.embedded() ? embeddedUrl : settings.url();
        if (url == null) {
            return "no embedded broker is running";
        }
        // endpoints copy the component's settings when created: reloading the routes creates fresh endpoints
        context.getComponent("paho-mqtt5", GatewayPahoComponent.class).configure(settings, url);
        Map<String, Path> outputRoutes = outputRoutes();
        List<String> problems = new ArrayList<>();
        // outputs first: while they are away the consumers' direct: hand-over waits for them instead of failing
        for (String id : outputRoutes.keySet()) {
            add(problems, routes.remove(id));
        }
        String publisher = replaceOutputClient(settings, url);
        if (publisher != null) {
            problems.add(publisher);
            return String.join("; ", problems); // the caller restores the previous settings, which reloads the outputs
        }
        // one after another, on purpose: Camel starts and stops routes under one context lock, and the Paho clients
        // connect and disconnect inside that, so reloads in parallel would only queue there (docs/fleet-state.md)
        outputRoutes.forEach((id, file) -> add(problems, routes.reload(id, file, true)));
        for (MappingStore.Stored s : mappings.list()) {
            Mapping m = s.mapping();
            add(problems, routes.reload(m.routeId(), mappings.file(m.id()), m.enabled()));
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    /** The output routes, by their group in the running context, and every one seen before. */
    private Map<String, Path> outputRoutes() {
        for (Route r : context.getRoutes()) {
            if (OUTPUT_GROUP.equals(r.getGroup()) && r.getSourceResource() != null) {
                String location = r.getSourceResource().getLocation();
                outputs.putIfAbsent(r.getRouteId(), Path.of(location.startsWith("file:") ? location.substring(5) : location));
            }
        }
        return new LinkedHashMap<>(outputs);
    }

    /**
     * Swaps the shared output client (bean {@value OutputClient#BEAN}, used by the publish-* routes) for one connected
     * with the new settings. The old one is disconnected first: it has the same client id, and two live clients with one
     * id would keep taking the session from each other. Its disconnect waits for outputs in flight. Returns null or the
     * reason the new client cannot connect.
     */
    private String replaceOutputClient(BrokerSettings settings, String url) {
        Object old = context.getRegistry().lookupByName(OutputClient.BEAN);
        if (old == null) {
            return null; // routes without the shared client: their endpoints own their clients
        }
        if (old instanceof OutputClient previous) {
            previous.disconnect(30_000); // waits for the outputs in flight
        }
        GatewayPahoComponent paho = context.getComponent("paho-mqtt5", GatewayPahoComponent.class);
        OutputClient fresh = null;
        try {
            fresh = new OutputClient(url, settings.clientIdPrefix() + "-out", paho.stats());
            fresh.connect(settings);
        } catch (MqttException e) {
            if (fresh != null) {
                fresh.close();
            }
            return "the output client cannot connect to " + BrokerSettings.shown(url) + ": " + OutputClient.explain(e, settings);
        }
        context.getRegistry().bind(OutputClient.BEAN, fresh);
        paho.setOutputClient(fresh);
        createdClients.add(fresh);
        return null;
    }

    /** Disconnects and closes the output clients this class created (the first one is closed by its creator). */
    void closeCreatedClients() {
        createdClients.forEach(OutputClient::close);
        createdClients.clear();
    }
}
