package io.contractgate.simulator;

import io.contractgate.admin.AdminSettings;
import io.contractgate.admin.BrokerSettingsFile;
import io.contractgate.admin.Mapping;
import io.contractgate.admin.MappingStore;
import io.contractgate.admin.TopicFilters;
import io.contractgate.mqtt.BrokerSettings;
import io.contractgate.mqtt.EmbeddedBroker;
import io.contractgate.mqtt.TopicPattern;
import io.contractgate.settings.GatewayProperties;
import io.contractgate.settings.Settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the publish command sends and what answer it waits for, found as the gateway finds them: the broker from its
 * settings (saved broker settings over application.properties, environment variables and {@code --key=value}) unless
 * {@code --broker} names one, and the output topics of the enabled mappings that consume the topic.
 *
 * @param origin    which setting named the broker, for the messages
 * @param outputs   the gateway's output topics for this topic (validated or failed), empty when no enabled mapping
 *                  consumes it
 * @param noOutputs why no output is expected (null when outputs is not empty)
 */
record PublishTarget(String url, String origin, boolean embedded, BrokerSettings broker, Map<String, String> outputs,
                     String noOutputs) {

    static PublishTarget of(PublishArgs a, Map<String, String> env, Path workDir) {
        Function<String, String> base = GatewayProperties.of(a.overrides(), env, workDir);
        Settings settings = Settings.of(base);
        Path configDir = workDir.resolve(settings.text("admin.config-dir", "config"));
        // saved through the admin API: the gateway applies them over everything else at start
        Map<String, String> saved = new BrokerSettingsFile(configDir).load();
        Function<String, String> source = GatewayProperties.over(saved, base);
        BrokerSettings broker = BrokerSettings.from(source);
        String url;
        String origin;
        boolean embedded = false;
        if (a.broker() != null) {
            url = a.broker();
            origin = "--broker";
        } else if (!broker.embedded()) {
            url = broker.url();
            origin = "mqtt.broker.url" + (saved.containsKey("mqtt.broker.url") ? " in "
                    + configDir.resolve(BrokerSettingsFile.FILE_NAME) : "");
        } else {
            Settings s = Settings.of(source);
            url = EmbeddedBroker.url(s.text("mqtt.embedded.bind", "127.0.0.1"),
                    s.integer("mqtt.embedded.port", 1883, 1, 65535));
            origin = "the embedded broker's mqtt.embedded.port";
            embedded = true;
        }
        String routes = settings.text("admin.routes-dir", "");
        Path routesDir = workDir.resolve(routes.isEmpty()
                ? AdminSettings.routesDirFromPattern(settings.text("camel.main.routes-include-pattern", "")) : routes);
        Map<String, String> outputs = new LinkedHashMap<>();
        String none = null;
        if (!Files.isDirectory(routesDir)) {
            none = "no routes folder at " + routesDir + " to find the mapping of " + a.topic();
        } else {
            for (Mapping m : new MappingStore(routesDir).mappings()) {
                if (m.enabled() && TopicFilters.matches(m.sourceTopic(), a.topic())) {
                    outputs.put(new TopicPattern(m.validatedTopic()).resolve(a.topic()), "validated");
                    outputs.putIfAbsent(new TopicPattern(m.failedTopic()).resolve(a.topic()), "failed");
                }
            }
            if (outputs.isEmpty()) {
                none = "no enabled mapping in " + routesDir + " consumes " + a.topic()
                        + ", so the gateway sends no output for it";
            }
        }
        return new PublishTarget(url, origin, embedded, broker.withUrl(url), outputs, none);
    }
}
