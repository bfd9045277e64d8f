package io.contractgate.fleet;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Reply;
import io.contractgate.database.PooledDatabase;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * The answer of {@code GET /api/fleet}: every gateway of the fleet as it last reported, each with its state against
 * the configuration version in force ({@link FleetMember#state}). Without shared state, just this gateway.
 */
public final class FleetView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StateStore store;
    private final int heartbeatSeconds;
    private final Supplier<FleetMember> self;

    /**
     * @param store            the shared state, or null for a single gateway
     * @param heartbeatSeconds how often members report
     * @param self             this gateway as it would report now
     */
    public FleetView(StateStore store, int heartbeatSeconds, Supplier<FleetMember> self) {
        this.store = store;
        this.heartbeatSeconds = heartbeatSeconds;
        this.self = self;
    }

    public Reply list() {
        FleetMember me = self.get();
        if (store == null) {
            return Reply.ok(json(false, null, Instant.now(), List.of(me), me.id()));
        }
        StateStore.Fleet fleet;
        try {
            fleet = store.fleet();
        } catch (SQLException e) {
            throw ApiException.databaseUnreachable("shared state", "state.jdbc-url", PooledDatabase.rootMessage(e));
        }
        return Reply.ok(json(true, fleet.version(), fleet.now(), fleet.members(), me.id()));
    }

    private ObjectNode json(boolean shared, Long version, Instant now, List<FleetMember> members, String selfId) {
        ObjectNode out = JSON.createObjectNode();
        out.put("shared", shared);
        if (version == null) {
            out.putNull("configVersion");
        } else {
            out.put("configVersion", version);
        }
        out.put("heartbeatSeconds", heartbeatSeconds);
        out.put("silentAfterSeconds", heartbeatSeconds * StateSettings.SILENT_HEARTBEATS);
        out.put("self", selfId);
        out.put("at", now.toString());
        ArrayNode list = out.putArray("instances");
        for (FleetMember m : members) {
            ObjectNode n = list.addObject();
            n.put("id", m.id());
            n.put("appVersion", m.appVersion());
            n.put("host", m.host());
            n.put("started", m.started().toString());
            n.put("lastSeen", m.lastSeen() == null ? now.toString() : m.lastSeen().toString());
            n.put("mappingsRunning", m.mappingsRunning());
            n.put("configVersion", m.configVersion());
            n.put("state", version == null ? FleetMember.CURRENT : m.state(version, now,
                    Duration.ofSeconds(heartbeatSeconds), StateSettings.SILENT_HEARTBEATS));
            if (m.problem() != null) {
                n.put("problem", m.problem());
            }
            n.put("self", m.id().equals(selfId));
        }
        return out;
    }
}
