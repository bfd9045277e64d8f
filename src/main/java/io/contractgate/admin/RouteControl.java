package io.contractgate.admin;

import java.nio.file.Path;
import java.util.Map;

/**
 * What the admin service needs from the route engine: reload one route from its file, remove one route, and
 * reconnect every MQTT route with new broker settings. Each returns null on success or the reason it failed.
 */
public interface RouteControl {

    /**
     * Stops and removes the route if it exists, then loads the file; succeeds only when the route exists afterwards
     * and, if {@code expectStarted}, is started.
     */
    String reload(String routeId, Path file, boolean expectStarted);

    /**
     * Applies an edit that keeps the mapping's source topic and enabled state to its running route in place (no
     * consumer restart, so no message is missed). Returns false when that is not possible; the caller then reloads.
     */
    default boolean retune(Mapping mapping) {
        return false;
    }

    /** Stops and removes the route (no-op when absent). */
    String remove(String routeId);

    /** Removes a deleted mapping's route and ends its broker session; null or the problem. */
    default String delete(String routeId) {
        return remove(routeId);
    }

    /** Applies broker settings (the mqtt.* keys) and restarts every MQTT route so its clients reconnect. */
    String reconnect(Map<String, String> brokerSettings);
}
