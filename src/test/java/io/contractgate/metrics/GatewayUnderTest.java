package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
import org.apache.camel.CamelContext;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper for the observability tests: the gateway booted by {@link GatewayRunner} on the project's routes and
 * schemas, with a publisher and a scraper.
 */
public final class GatewayUnderTest implements AutoCloseable {

    private final Map<String, String> overrides = new LinkedHashMap<>();
    private GatewayRunner runner;
    public final int mqttPort;
    public final int httpPort;
    private final String brokerUrl;
    private MqttClient publisher;
    private final HttpClient http = HttpClient.newHttpClient();

    private GatewayUnderTest(Map<String, String> overrides) {
        this.httpPort = freePort();
        int port = freePort();
        String url = overrides.getOrDefault("mqtt.broker.url", "");
        this.mqttPort = url.isEmpty() ? port : URI.create(url).getPort();
        this.brokerUrl = url.isEmpty() ? "tcp://127.0.0.1:" + port : url;
        this.overrides.put("mqtt.embedded.port", String.valueOf(port));
        this.overrides.put("camel.server.port", String.valueOf(httpPort));
        // unique client ids: other engineers' tests may share a broker name space on this machine
        this.overrides.put("mqtt.client-id", "obs-" + UUID.randomUUID().toString().substring(0, 8));
        this.overrides.putAll(overrides);
    }

    /** Starts the gateway with extra property overrides (key, value, key, value, ...). */
    public static GatewayUnderTest start(String... keyValues) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            overrides.put(keyValues[i], keyValues[i + 1]);
        }
        GatewayUnderTest g = new GatewayUnderTest(overrides);
        g.runner = GatewayRunner.startProject(java.nio.file.Files.createTempDirectory("gateway-under-test"), g.overrides);
        return g;
    }

    public CamelContext context() {
        return runner.context();
    }

    public void publish(String topic, String payload) throws Exception {
        if (publisher == null) {
            publisher = new MqttClient(brokerUrl, "obs-pub-" + UUID.randomUUID(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            publisher.connect(o);
        }
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        io.contractgate.testing.BackPressure.retry(() -> publisher.publish(topic, m));
    }

    /** GET /metrics as text. */
    public String scrape() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return r.body();
    }

    /** The value of one sample in a scrape, by exact name and labels in any order; 0 when absent. */
    public static double sample(String scrape, String name, String... labelPairs) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double sum = 0;
        boolean found = false;
        outer:
        while (m.find()) {
            String labels = m.group(1) == null ? "" : m.group(1);
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (!labels.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"")) {
                    continue outer;
                }
            }
            sum += Double.parseDouble(m.group(2));
            found = true;
        }
        return found ? sum : 0;
    }

    /** Sum of a sample over all label sets matching the given pairs, read from a fresh scrape. */
    public double metric(String name, String... labelPairs) throws Exception {
        return sample(scrape(), name, labelPairs);
    }

    @Override
    public void close() throws Exception {
        if (publisher != null) {
            try {
                publisher.disconnect();
                publisher.close();
            } catch (Exception ignored) {
                // the broker may already be gone
            }
        }
        runner.close();
    }

    public static int freePort() {
        return GatewayRunner.freePort();
    }

}
