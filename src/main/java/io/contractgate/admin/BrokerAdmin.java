package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.mqtt.BrokerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The broker settings ({@code mqtt.*}) as the admin API reads and changes them: a change is checked (TLS stores
 * loaded now), every MQTT route reconnects with it, and only then is it saved; when the routes do not come up the
 * previous settings are restored. Environment variables win at every start, so a key set there cannot be changed here.
 */
public final class BrokerAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAdmin.class);

    private final RouteControl routes;
    private final ChangeJournal journal;
    private final BrokerSettingsFile brokerFile;
    private final Function<String, String> properties;
    private final Function<String, String> env;
    private final boolean embeddedBroker;

    public BrokerAdmin(RouteControl routes, ChangeJournal journal, BrokerSettingsFile brokerFile,
                       Function<String, String> properties, Function<String, String> env, boolean embeddedBroker) {
        this.routes = routes;
        this.journal = journal;
        this.brokerFile = brokerFile;
        this.properties = properties;
        this.env = env;
        this.embeddedBroker = embeddedBroker;
    }

    public Reply getBroker() {
        Map<String, String> values = BrokerSettingsFile.effective(properties);
        ObjectNode out = (ObjectNode) AdminJson.tree(BrokerSettingsFile.masked(values));
        return Reply.ok(out, etag(values));
    }

    public Reply putBroker(String user, JsonNode body, String ifMatch) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("body", "expected a JSON object of mqtt.* settings");
        }
        return journal.serialised(() -> {
            Map<String, String> current = BrokerSettingsFile.effective(properties);
            AdminJson.checkIfMatch(ifMatch, etag(current));
            Map<String, String> next = merged(current, body);
            BrokerSettings settings = check(next);
            if (next.equals(current)) {
                return getBroker();
            }
            long started = System.nanoTime();
            String problem = routes.reconnect(next);
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (problem != null) {
                String restore = routes.reconnect(current);
                String msg = "the MQTT routes did not come up with the new broker settings: " + problem
                        + (restore == null ? "; the previous settings are restored and running"
                        : "; restoring the previous settings failed too: " + restore);
                // the routes stopped and started twice: the log says why, not only the answer and the audit log
                LOG.warn("Broker settings change by {} refused: {}", user, msg);
                journal.record(user, "broker", "broker", "replace", false, msg);
                journal.notifyListeners("broker", false);
                throw new ApiException(422, msg, null);
            }
            try {
                AtomicFiles.writeOwnerOnly(brokerFile.file(), BrokerSettingsFile.render(saved(next)));
            } catch (java.io.UncheckedIOException e) {
                // not saved, so not in force after a restart: the running settings go back too, or the API would
                // answer an error for settings that run until the next start and then silently revert
                String restore = routes.reconnect(current);
                ApiException refused = ApiException.notSaved(e, restore == null
                        ? "the previous settings are restored and running" : "restoring the previous settings failed: "
                        + restore);
                LOG.warn("Broker settings change by {} refused: {}", user, refused.getMessage());
                journal.record(user, "broker", "broker", "replace", false, refused.getMessage());
                journal.notifyListeners("broker", false);
                throw refused;
            }
            LOG.info("Broker settings changed by {}: {}, reconnected in {} ms", user, settings.describe(), millis);
            journal.record(user, "broker", "broker", "replace", true, settings.describe() + ", reconnected in " + millis + " ms");
            journal.notifyListeners("broker", true);
            journal.broadcast("broker", "broker", "replace");
            ObjectNode out = AdminJson.object();
            out.put("action", "replace");
            out.put("reloadMillis", millis);
            out.set("settings", AdminJson.tree(BrokerSettingsFile.masked(next)));
            return Reply.ok(out, etag(next));
        });
    }

    /**
     * Puts broker settings committed by another gateway of the fleet in force here: the given keys replace the current
     * values (keys the environment sets here keep theirs; keys not given, such as this gateway's own client id, stay),
     * every MQTT route reconnects, and only then is the file saved; the previous settings are restored when the routes
     * do not come up. Callers hold the change lock.
     */
    void applyCommitted(Map<String, String> shared) {
        Map<String, String> current = BrokerSettingsFile.effective(properties);
        Map<String, String> next = new LinkedHashMap<>(current);
        shared.forEach((key, value) -> {
            if (BrokerSettingsFile.KEYS.contains(key) && !setByEnvironment(key)) {
                next.put(key, value);
            }
        });
        if (next.equals(current)) {
            return;
        }
        check(next);
        String problem = routes.reconnect(next);
        if (problem != null) {
            String restore = routes.reconnect(current);
            throw new IllegalStateException("the MQTT routes did not come up with the broker settings of the fleet: "
                    + problem + (restore == null ? "; the previous settings are restored and running"
                    : "; restoring the previous settings failed too: " + restore));
        }
        AtomicFiles.writeOwnerOnly(brokerFile.file(), BrokerSettingsFile.render(saved(next)));
        journal.notifyListeners("broker", true);
        journal.broadcast("broker", "broker", MappingAdmin.ACTION_SYNC);
    }

    /**
     * The version of the settings an If-Match names: without the keys each gateway of a fleet keeps for itself (its
     * client id), so that an ETag read from one gateway is accepted by another holding the same shared settings.
     */
    private String etag(Map<String, String> values) {
        Map<String, String> versioned = new LinkedHashMap<>(values);
        versioned.keySet().removeAll(journal.ownBrokerKeys());
        return AtomicFiles.etag(BrokerSettingsFile.render(versioned));
    }

    private static String envName(String key) {
        return key.toUpperCase().replace('.', '_').replace('-', '_');
    }

    /** Whether the environment sets a key, as {@code MQTT_PASSWORD} or as a secret file {@code MQTT_PASSWORD_FILE}. */
    private boolean setByEnvironment(String key) {
        return env.apply(envName(key)) != null || env.apply(envName(key) + "_FILE") != null;
    }

    /**
     * What the file keeps: the settings without the secrets the environment provides. They win at every start
     * anyway, and a password kept in a Compose secret must not be copied in clear into config/ (nor from there
     * into the fleet's shared state).
     */
    private Map<String, String> saved(Map<String, String> settings) {
        Map<String, String> out = new LinkedHashMap<>(settings);
        out.keySet().removeIf(key -> BrokerSettingsFile.isSecret(key) && setByEnvironment(key));
        return out;
    }

    /** The current settings with the body's keys applied; refuses unknown keys and keys the environment sets. */
    private Map<String, String> merged(Map<String, String> current, JsonNode body) {
        Map<String, String> next = new LinkedHashMap<>(current);
        var fields = body.fields();
        while (fields.hasNext()) {
            var e = fields.next();
            String key = e.getKey();
            if (!BrokerSettingsFile.KEYS.contains(key)) {
                throw ApiException.badRequest(key, "unknown setting '" + ConfigValidator.printable(key)
                        + "' (allowed: " + BrokerSettingsFile.KEYS + ")");
            }
            JsonNode v = e.getValue();
            if (!v.isValueNode()) {
                throw ApiException.badRequest(key, key + " must be a string, number or boolean");
            }
            String value = v.isNull() ? "" : v.asText();
            if (BrokerSettingsFile.isSecret(key) && BrokerSettingsFile.MASK.equals(value)) {
                continue; // the masked value sent back unchanged: keep the secret
            }
            if (value.chars().anyMatch(c -> c < 0x20)) {
                throw ApiException.badRequest(key, key + " must not contain control characters");
            }
            String envName = envName(key);
            if (setByEnvironment(key) && !value.equals(current.get(key))) {
                String variable = env.apply(envName) != null ? envName : envName + "_FILE";
                throw ApiException.conflict(key, key + " is set by the environment variable " + variable
                        + ", which wins at every start; change it there");
            }
            next.put(key, value);
        }
        return next;
    }

    /** The settings parsed and their TLS stores loaded now, not at the first reconnect; 400 naming the key. */
    private BrokerSettings check(Map<String, String> next) {
        BrokerSettings settings;
        try {
            settings = BrokerSettings.from(next::get);
            settings.socketFactory();
        } catch (IllegalArgumentException e) {
            String msg = e.getMessage();
            String field = BrokerSettingsFile.KEYS.stream().filter(k -> msg != null && msg.startsWith(k)).findFirst()
                    .orElse(msg != null && msg.contains("mqtt.tls") ? "mqtt.tls" : null);
            throw ApiException.badRequest(field, msg);
        }
        if (settings.embedded() && !embeddedBroker) {
            throw ApiException.badRequest("mqtt.broker.url", "mqtt.broker.url is empty but no embedded broker"
                    + " is running (it starts only when the URL is empty at start)");
        }
        return settings;
    }
}
