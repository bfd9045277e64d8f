package io.contractgate.admin;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A {@link RouteControl} for tests of the broker settings alone: reloads and removals succeed, a reconnect answers
 * what {@code reconnect} says (null: it worked).
 */
final class ReconnectOnlyRoutes implements RouteControl {

    private final Function<Map<String, String>, String> reconnect;

    ReconnectOnlyRoutes(Function<Map<String, String>, String> reconnect) {
        this.reconnect = reconnect;
    }

    @Override
    public String reload(String routeId, Path file, boolean expectStarted) {
        return null;
    }

    @Override
    public String remove(String routeId) {
        return null;
    }

    @Override
    public String reconnect(Map<String, String> settings) {
        return reconnect.apply(settings);
    }
}
