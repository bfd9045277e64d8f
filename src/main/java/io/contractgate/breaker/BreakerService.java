package io.contractgate.breaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.admin.ContractAdmin;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.AuditLog;
import io.contractgate.admin.EventHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * What a trip of the {@link ContractBreaker} does: an alert event ({@value #EVENT} on /api/events), the metrics
 * {@code contract_breaker_trips_total{mapping}} and {@code contract_breaker_open}, an audit entry, and with
 * {@code contracts.auto-rollback=true} a rollback to the version before the change (recorded with the reason). The
 * admin API lists open trips and rolls back or dismisses one.
 */
public final class BreakerService {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerService.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String EVENT = "contract_breaker";
    public static final String USER = "contract-breaker";

    private final ContractAdmin admin;
    private final AuditLog audit;
    private final EventHub events;
    private final MeterRegistry registry;
    private ContractBreaker breaker;

    public BreakerService(ContractAdmin admin, AuditLog audit, EventHub events, MeterRegistry registry) {
        this.admin = admin;
        this.audit = audit;
        this.events = events;
        this.registry = registry;
    }

    /** Binds the breaker this service acts for (the breaker's listener is {@link #tripped}). */
    public void attach(ContractBreaker b) {
        this.breaker = b;
        Gauge.builder("contract_breaker_open", b, x -> x.open().size())
                .description("Mappings whose contract change tripped the breaker and is neither rolled back nor dismissed")
                .register(registry);
    }

    /** A mapping's route started: its {@code contract_breaker_trips_total} is 0 until a trip, not absent. */
    public void mappingStarted(String mapping) {
        trips(mapping);
    }

    private Counter trips(String mapping) {
        return Counter.builder("contract_breaker_trips_total").tag("mapping", mapping)
                .description("Contract changes that made a mapping's failure ratio jump").register(registry);
    }

    public void tripped(ContractBreaker.Trip t) {
        trips(t.mapping()).increment();
        String why = String.format("failure ratio %.0f%% -> %.0f%% over %d messages after %s changed %s -> %s",
                100 * t.ratioBefore(), 100 * t.ratioAfter(), t.messages(), t.contractId(), t.fromVersion(), t.toVersion());
        LOG.warn("Contract breaker tripped for mapping {}: {}", t.mapping(), why);
        audit.record(USER, "contract", t.contractId(), "breaker-tripped", true, "mapping " + t.mapping() + ": " + why);
        events.publish(EVENT, json(t, "tripped").toString());
        if (breaker.settings().autoRollback()) {
            try {
                rollback(USER, t.mapping(), "contracts.auto-rollback=true: " + why);
            } catch (RuntimeException e) {
                LOG.error("Automatic rollback of {} failed: {}", t.contractId(), e.getMessage());
                audit.record(USER, "contract", t.contractId(), "auto-rollback", false, e.getMessage());
            }
        }
    }

    /** {@code {"open": [trips], "watching": {mapping: version last seen}}}. */
    public ObjectNode open() {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode a = out.putArray("open");
        breaker.open().forEach(t -> a.add(json(t, "tripped")));
        ObjectNode w = out.putObject("watching");
        breaker.watching().forEach(w::put);
        return out;
    }

    /** Rolls the mapping's contract back to the newest saved version with the hash in force before the change. */
    public ObjectNode rollback(String user, String mapping, String reason) {
        ContractBreaker.Trip t = breaker.open(mapping).orElseThrow(() ->
                ApiException.notFound("mapping", "no open breaker trip for mapping '" + mapping + "'"));
        JsonNode versions = JSON.valueToTree(admin.listVersions(t.contractId()).body());
        int target = -1;
        for (JsonNode v : versions) {
            if (t.fromVersion().equals(v.path("hash").asText()) && v.path("version").asInt() > target) {
                target = v.path("version").asInt();
            }
        }
        if (target < 0) {
            throw ApiException.conflict("mapping", "no saved version of '" + t.contractId() + "' has hash " + t.fromVersion());
        }
        // the version in force before the change: restoring it is the point, even where it breaks compatibility
        admin.rollback(user, t.contractId(), Integer.toString(target), null, true);
        breaker.close(mapping);
        audit.record(user, "contract", t.contractId(), "breaker-rollback", true, "to version " + target
                + (reason == null ? "" : " (" + reason + ")"));
        ObjectNode out = json(t, "rolled_back");
        out.put("rolled_back_to", target);
        events.publish(EVENT, out.toString());
        return out;
    }

    public ObjectNode dismiss(String user, String mapping) {
        ContractBreaker.Trip t = breaker.close(mapping).orElseThrow(() ->
                ApiException.notFound("mapping", "no open breaker trip for mapping '" + mapping + "'"));
        audit.record(user, "contract", t.contractId(), "breaker-dismissed", true, "mapping " + mapping);
        ObjectNode out = json(t, "dismissed");
        events.publish(EVENT, out.toString());
        return out;
    }

    static ObjectNode json(ContractBreaker.Trip t, String state) {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", state);
        n.put("mapping", t.mapping());
        n.put("contract_id", t.contractId());
        n.put("from_version", t.fromVersion());
        n.put("to_version", t.toVersion());
        n.put("ratio_before", t.ratioBefore());
        n.put("ratio_after", t.ratioAfter());
        n.put("messages", t.messages());
        n.put("at", Instant.ofEpochMilli(t.at()).toString());
        return n;
    }
}
