package io.contractgate.admin;

import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractStore;
import io.contractgate.mqtt.BrokerSettings;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Camel adapter that gathers GET /api/status: every route with its state, uptime and message counts, the MQTT
 * connection of each consumer, and the contract versions in force. Counts come from Camel's route statistics and
 * restart from zero when a route is reloaded.
 */
public final class StatusReport {

    private final CamelContext context;
    private final ContractStore contracts;
    private final ContractVersions versions;
    private final MappingStore mappings;
    private final BrokerSettings atStart;
    private final Instant startedAt = Instant.now();

    public StatusReport(CamelContext context, ContractStore contracts, ContractVersions versions, MappingStore mappings,
                        BrokerSettings atStart) {
        this.context = context;
        this.mappings = mappings;
        this.contracts = contracts;
        this.versions = versions;
        this.atStart = atStart;
    }

    public Map<String, Object> build() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("startedAt", startedAt.toString());
        out.put("uptimeMillis", context.getUptime().toMillis());
        ManagedCamelContext mcc = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        List<Map<String, Object>> routes = new ArrayList<>();
        boolean allConnected = true;
        int consumers = 0;
        for (Route r : context.getRoutes()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.getRouteId());
            ServiceStatus s = context.getRouteController().getRouteStatus(r.getRouteId());
            m.put("state", s == null ? "Unknown" : s.name());
            m.put("uptimeMillis", r.getUptimeMillis());
            ManagedRouteMBean mr = mcc == null ? null : mcc.getManagedRoute(r.getRouteId());
            if (mr != null) {
                m.put("exchangesTotal", mr.getExchangesTotal());
                m.put("exchangesFailed", mr.getExchangesFailed());
                m.put("exchangesInflight", mr.getExchangesInflight());
            }
            Consumer c = r.getConsumer();
            if (c instanceof io.contractgate.mqtt.AtLeastOnceConsumer pc) {
                boolean connected = pc.isConnected();
                m.put("mqttConnected", connected);
                m.put("mqttClientId", pc.clientId()); // the session's client id at the broker
                consumers++;
                allConnected &= connected || (s != null && !s.isStarted());
            }
            routes.add(m);
        }
        out.put("routes", routes);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Mapping mp : mappings.mappings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", mp.id());
            m.put("enabled", mp.enabled());
            ServiceStatus s = context.getRouteController().getRouteStatus(mp.routeId());
            m.put("state", !mp.enabled() && (s == null || !s.isStarted()) ? "Disabled" : s == null ? "Missing" : s.name());
            ms.add(m);
        }
        out.put("mappings", ms);
        Map<String, Object> broker = new LinkedHashMap<>();
        PahoMqtt5Component paho = context.getComponent("paho-mqtt5", PahoMqtt5Component.class);
        broker.put("url", paho.getConfiguration().getBrokerUrl());
        broker.put("configuredAtStart", atStart.describe());
        broker.put("consumers", consumers);
        io.contractgate.mqtt.GatewayPahoComponent gw = paho instanceof io.contractgate.mqtt.GatewayPahoComponent g ? g : null;
        if (gw != null) {
            broker.put("sharedGroup", gw.sharedGroup()); // mqtt.shared-group; empty: not in a fleet
        }
        boolean outputConnected = gw != null && gw.outputClient() != null && gw.outputClient().isConnected();
        broker.put("outputConnected", outputConnected);
        broker.put("connected", consumers > 0 && allConnected && outputConnected);
        if (gw != null) {
            io.contractgate.mqtt.TransportStats t = gw.stats();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("inputsReceived", t.received());
            d.put("inputsAcknowledged", t.acknowledged());
            d.put("inputsUnacknowledged", t.unacknowledged());
            d.put("inputsRedelivered", t.redelivered());
            d.put("inputsInFlight", t.inFlight());
            d.put("outputsAcknowledged", t.outputsAcknowledged());
            d.put("outputsFailed", t.outputsFailed());
            d.put("outputsInFlight", t.outputsInFlight());
            broker.put("delivery", d);
        }
        out.put("broker", broker);
        List<Map<String, Object>> cs = new ArrayList<>();
        for (String id : contracts.ids()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            try {
                Contract c = contracts.get(id);
                m.put("hash", c.hash());
                m.put("version", versions.versionOf(id, c.hash()));
            } catch (RuntimeException e) {
                m.put("error", e.getMessage());
            }
            cs.add(m);
        }
        out.put("contracts", cs);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("validated", total(mcc, "publish-validated"));
        counts.put("failed", total(mcc, "publish-failed"));
        out.put("counts", counts);
        return out;
    }

    private static long total(ManagedCamelContext mcc, String routeId) {
        ManagedRouteMBean mr = mcc == null ? null : mcc.getManagedRoute(routeId);
        return mr == null ? 0 : mr.getExchangesTotal();
    }
}
