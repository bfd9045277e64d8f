package io.contractgate.admin;

import io.contractgate.contract.GatewayServices;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.GatewayPahoComponent;
import io.contractgate.mqtt.OutputClient;
import io.contractgate.mqtt.Sessions;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Camel adapter for {@link RouteControl}: reloads exactly one route from its file through the context's routes
 * loader (templated routes included), so no other route is touched, and checks the route's state afterwards.
 */
public final class CamelRouteControl implements RouteControl {

    private static final Logger LOG = LoggerFactory.getLogger(CamelRouteControl.class);
    /** In-flight messages of a stopping route get this long to finish. */
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final CamelContext context;
    private final Path routesDir;
    private final String embeddedUrl;
    private final List<OutputClient> createdClients = new ArrayList<>();

    /**
     * @param embeddedUrl the embedded broker's URL when one runs, used when mqtt.broker.url is set back to empty
     */
    public CamelRouteControl(CamelContext context, Path routesDir, String embeddedUrl) {
        this.context = context;
        this.routesDir = routesDir;
        this.embeddedUrl = embeddedUrl;
    }

    @Override
    public synchronized String reload(String routeId, Path file, boolean expectStarted) {
        long t0 = System.nanoTime();
        String oldSession = sessionOf(routeId);
        String[] next = nextSession(file);
        if (next != null && oldSession != null && !next[0].equals(oldSession)) {
            // make before break: the new filter's session subscribes while the old route still consumes
            String problem = prepareSession(next[0], next[1]);
            if (problem != null) {
                return problem;
            }
        }
        String removed = remove(routeId);
        if (removed != null) {
            return removed;
        }
        long t1 = System.nanoTime();
        try {
            Resource resource = ResourceHelper.resolveMandatoryResource(context, "file:" + file.toAbsolutePath());
            // loadRoutes (not updateRoutes): only loadRoutes turns a templatedRoute into a route
            PluginHelper.getRoutesLoader(context).loadRoutes(resource);
        } catch (Exception e) {
            LOG.warn("Route {} from {} was refused: {}", routeId, file, rootMessage(e));
            return "Camel refused " + file.getFileName() + ": " + rootMessage(e);
        }
        ServiceStatus status = context.getRouteController().getRouteStatus(routeId);
        if (expectStarted && status == null) {
            return "loading " + file.getFileName() + " did not create route " + routeId;
        }
        if (expectStarted && !status.isStarted()) {
            return "route " + routeId + " is " + status + " instead of Started";
        }
        if (next != null && oldSession != null && !next[0].equals(oldSession)) {
            discardSession(oldSession); // the old filter's session: its route is gone, nothing may queue for it
        }
        // a disabled mapping creates no route; its session keeps queueing at the broker (a pause)
        LOG.info("Reloaded route {} from {} in {} ms (stop+remove {} ms, load+start {} ms): {}", routeId,
                file.getFileName(), (System.nanoTime() - t0) / 1_000_000, (t1 - t0) / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000, status == null ? "no route (disabled)" : status);
        return null;
    }

    @Override
    public synchronized boolean retune(Mapping m) {
        ServiceStatus status = context.getRouteController().getRouteStatus(m.routeId());
        GatewayServices services = context.getRegistry().lookupByNameAndType(GatewayServices.BEAN,
                GatewayServices.class);
        if (status == null || !status.isStarted() || services == null) {
            return false;
        }
        return services.runningMapping(m.id()).map(p -> {
            p.retune(m.contractId(), m.validatedTopic(), m.failedTopic(), m.sensorIdField());
            LOG.info("Mapping {} updated in place (contract {}, validated {}, failed {}): its consumer keeps running",
                    m.id(), m.contractId(), m.validatedTopic(), m.failedTopic());
            return true;
        }).orElse(false);
    }

    @Override
    public synchronized String delete(String routeId) {
        String session = sessionOf(routeId);
        String problem = remove(routeId);
        if (problem == null && session != null) {
            discardSession(session);
        }
        return problem;
    }

    /** The client id holding the session of a mapping route's input, or null for other routes. */
    private String sessionOf(String routeId) {
        Route route = context.getRoute(routeId);
        Endpoint from = route == null ? null : route.getEndpoint();
        if (from instanceof PahoMqtt5Endpoint paho && paho.getConfiguration().getClientId() != null) {
            return Sessions.clientId(paho.getConfiguration().getClientId(), paho.getTopic());
        }
        return null;
    }

    /**
     * The session a mapping file's route will use, as {clientId, filter}, or null when the file is no mapping. The
     * client id is the route template's {@code {{mqtt.client-id}}-{{mappingId}}} (routes/contract-pipeline.camel.yaml)
     * with the filter's suffix.
     */
    private String[] nextSession(Path file) {
        if (!file.getFileName().toString().startsWith(MappingStore.PREFIX)) {
            return null;
        }
        try {
            Mapping m = MappingFiles.parse(Files.readString(file, StandardCharsets.UTF_8));
            String prefix = context.getPropertiesComponent().resolveProperty("mqtt.client-id")
                    .filter(v -> !v.isBlank()).map(String::trim).orElse("contract-gateway");
            return new String[] {Sessions.clientId(prefix + "-" + m.id(), m.sourceTopic()), m.sourceTopic()};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private String prepareSession(String clientId, String filter) {
        BrokerSettings settings = currentSettings();
        try {
            Sessions.prepare(currentUrl(settings), settings, clientId, filter, settings.qos());
            return null;
        } catch (MqttException e) {
            return "cannot subscribe to " + filter + " before switching over: " + OutputClient.explain(e, settings);
        }
    }

    private void discardSession(String clientId) {
        BrokerSettings settings = currentSettings();
        try {
            Sessions.discard(currentUrl(settings), settings, clientId);
        } catch (MqttException e) {
            LOG.warn("The broker session {} could not be ended ({}); it expires after mqtt.session-expiry", clientId,
                    e.getMessage());
        }
    }

    private BrokerSettings currentSettings() {
        PropertiesComponent pc = context.getPropertiesComponent();
        return BrokerSettings.from(key -> pc.resolveProperty(key).orElse(null));
    }

    private String currentUrl(BrokerSettings settings) {
        return settings.embedded() ? embeddedUrl : settings.url();
    }

    @Override
    public synchronized String remove(String routeId) {
        if (context.getRoute(routeId) == null) {
            return null;
        }
        try {
            context.getRouteController().stopRoute(routeId, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!context.removeRoute(routeId)) {
                return "route " + routeId + " could not be removed";
            }
            return null;
        } catch (Exception e) {
            return "route " + routeId + " could not be stopped: " + rootMessage(e);
        }
    }

    @Override
    public synchronized String reconnect(Map<String, String> values) {
        PropertiesComponent pc = context.getPropertiesComponent();
        // routes resolve {{mqtt.client-id}} and {{mqtt.qos}} when they are (re)created: make the new values win
        values.forEach(pc::addOverrideProperty);
        BrokerSettings settings;
        try {
            settings = BrokerSettings.from(values::get);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String url = settings.embedded() ? embeddedUrl : settings.url();
        if (url == null) {
            return "no embedded broker is running";
        }
        // endpoints copy the component's settings when created: reloading the routes creates fresh endpoints
        context.getComponent("paho-mqtt5", GatewayPahoComponent.class).configure(settings, url);
        List<String[]> all = mqttRoutes();
        List<String[]> outputs = all.stream().filter(r -> !r[0].startsWith(MappingStore.PREFIX)).toList();
        List<String[]> mappings = all.stream().filter(r -> r[0].startsWith(MappingStore.PREFIX)).toList();
        List<String> problems = new ArrayList<>();
        // outputs first: while they are away the consumers' direct: hand-over waits for them instead of failing
        for (String[] r : outputs) {
            String p = remove(r[0]);
            if (p != null) {
                problems.add(p);
            }
        }
        String publisher = replaceOutputClient(settings, url);
        if (publisher != null) {
            problems.add(publisher);
            return String.join("; ", problems); // the caller restores the previous settings, which reloads the outputs
        }
        for (String[] r : outputs) {
            String p = reload(r[0], Path.of(r[1]), Boolean.parseBoolean(r[2]));
            if (p != null) {
                problems.add(p);
            }
        }
        for (String[] r : mappings) {
            String p = reload(r[0], Path.of(r[1]), Boolean.parseBoolean(r[2]));
            if (p != null) {
                problems.add(p);
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /**
     * Swaps the shared output client (bean {@value OutputClient#BEAN}, used by the publish-* routes)
     * for one connected with the new settings. The old one is disconnected first: it has the same client id, and two
     * live clients with one id would keep taking the session from each other. Its disconnect waits for outputs in
     * flight. Returns null or the reason the new client cannot connect.
     */
    private String replaceOutputClient(BrokerSettings settings, String url) {
        Object old = context.getRegistry().lookupByName(OutputClient.BEAN);
        if (old == null) {
            return null; // routes without the shared client: their endpoints own their clients
        }
        if (old instanceof OutputClient previous) {
            previous.disconnect(30_000); // waits for the outputs in flight
        }
        OutputClient fresh = null;
        try {
            fresh = new OutputClient(url, settings.clientIdPrefix() + "-out",
                    context.getComponent("paho-mqtt5", GatewayPahoComponent.class).stats());
            fresh.connect(settings);
        } catch (MqttException e) {
            closeQuietly(fresh);
            return "the output client cannot connect to " + url + ": " + OutputClient.explain(e, settings);
        }
        context.getRegistry().bind(OutputClient.BEAN, fresh);
        context.getComponent("paho-mqtt5", GatewayPahoComponent.class).setOutputClient(fresh);
        createdClients.add(fresh);
        return null;
    }

    /** Disconnects and closes the output clients this class created (the first one is closed by its creator). */
    public synchronized void closeCreatedClients() {
        for (OutputClient c : createdClients) {
            closeQuietly(c);
        }
        createdClients.clear();
    }

    private static void closeQuietly(OutputClient c) {
        if (c != null) {
            c.close();
        }
    }

    /**
     * The routes that use MQTT, each as {routeId, file, expectStarted}, found from the route files (not from the
     * context, where a route that failed to come up is missing): the mapping routes, and every one-route file
     * (route id = file stem) that uses paho-mqtt5, i.e. the output routes.
     */
    private List<String[]> mqttRoutes() {
        List<String[]> out = new ArrayList<>();
        try {
            for (Path file : routeFiles()) {
                String name = file.getFileName().toString();
                String id = name.substring(0, name.length() - MappingStore.SUFFIX.length());
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (id.startsWith(MappingStore.PREFIX)) {
                    boolean enabled;
                    try {
                        enabled = MappingFiles.parse(text).enabled();
                    } catch (RuntimeException e) {
                        continue; // not a contract-pipeline mapping: not ours to restart
                    }
                    out.add(new String[] {id, file.toString(), Boolean.toString(enabled)});
                } else if (text.contains("paho-mqtt5") && text.contains("- route:") && !text.contains("routeTemplate:")) {
                    out.add(new String[] {id, file.toString(), "true"});
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + routesDir, e);
        }
        return out;
    }

    /** The route files in the folder, for diagnostics. */
    List<Path> routeFiles() throws IOException {
        try (Stream<Path> s = Files.list(routesDir)) {
            return s.filter(p -> p.toString().endsWith(MappingStore.SUFFIX)).sorted().toList();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return e == t ? m : (e.getMessage() == null ? m : e.getMessage() + " (" + m + ")");
    }
}
