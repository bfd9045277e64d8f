package io.contractgate.admin;

import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.MappingParameters;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.GatewayPahoEndpoint;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Camel adapter for {@link RouteControl}: reloads exactly one route from its file through the context's routes
 * loader (templated routes included), so no other route is touched, and checks the route's state afterwards.
 */
public final class CamelRouteControl implements RouteControl {

    private static final Logger LOG = LoggerFactory.getLogger(CamelRouteControl.class);
    /** In-flight messages of a stopping route get this long to finish. */
    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final CamelContext context;
    private final String embeddedUrl;
    private final MqttReconnect reconnect;

    /**
     * @param embeddedUrl the embedded broker's URL when one runs, used when mqtt.broker.url is set back to empty
     */
    public CamelRouteControl(CamelContext context, Path routesDir, String embeddedUrl) {
        this.context = context;
        this.embeddedUrl = embeddedUrl;
        this.reconnect = new MqttReconnect(context, this, new MappingStore(routesDir), embeddedUrl);
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
        boolean updated = services.parameters().update(m.id(), MappingParameters.Parameters.of(m.contractId(),
                m.validatedTopic(), m.failedTopic(), m.sensorIdField()));
        if (updated) {
            LOG.info("Mapping {} updated in place (contract {}, validated {}, failed {}): its consumer keeps running",
                    m.id(), m.contractId(), m.validatedTopic(), m.failedTopic());
        }
        return updated;
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
            // the group its consumer subscribed in (the component's), so the id is the one the consumer uses
            String group = paho instanceof GatewayPahoEndpoint g ? g.getComponent().sharedGroup() : "";
            return Sessions.clientId(paho.getConfiguration().getClientId(), paho.getTopic(), group);
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
            BrokerSettings settings = currentSettings(); // the instance's prefix, derived in a fleet
            return new String[] {Sessions.clientId(settings.clientIdPrefix() + "-" + m.id(), m.sourceTopic(),
                    settings.sharedGroup()), m.sourceTopic()};
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
        } catch (io.contractgate.startup.StartupProblem refused) { // the broker refused the subscription (SUBACK)
            return refused.getMessage();
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
        return reconnect.reconnect(values);
    }

    /** Disconnects and closes the output clients broker changes created. */
    public synchronized void closeCreatedClients() {
        reconnect.closeCreatedClients();
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
