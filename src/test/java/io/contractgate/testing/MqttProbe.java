package io.contractgate.testing;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A real MQTT 5 client for tests: publishes with user properties and records everything it receives.
 */
public final class MqttProbe implements AutoCloseable {

    /** One received message, with its arrival time ({@link System#nanoTime()}). */
    public record Received(String topic, byte[] payload, int qos, MqttProperties properties, long nanos) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public String userProperty(String key) {
            if (properties == null || properties.getUserProperties() == null) {
                return null;
            }
            return properties.getUserProperties().stream().filter(u -> u.getKey().equals(key))
                    .map(UserProperty::getValue).findFirst().orElse(null);
        }
    }

    private final MqttClient client;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    public MqttProbe(String url, String... subscriptions) throws MqttException {
        this(url, null, subscriptions);
    }

    /** A probe that logs in with a user name and password. */
    public static MqttProbe withLogin(String url, String username, String password, String... subscriptions)
            throws MqttException {
        return new MqttProbe(url, new Login(username, password), subscriptions);
    }

    private record Login(String username, String password) {
    }

    private MqttProbe(String url, Login login, String... subscriptions) throws MqttException {
        client = new MqttClient(url, "probe-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        client.setCallback(new io.contractgate.mqtt.ArrivalCallback() {
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, m.getPayload(), m.getQos(), m.getProperties(), System.nanoTime()));
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        if (login != null) {
            o.setUserName(login.username());
            o.setPassword(login.password().getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o);
        for (String s : subscriptions) {
            client.subscribe(new MqttSubscription[]{new MqttSubscription(s, 2)});
        }
    }

    /** Publishes a payload tagged with user property {@code case} and the same value as correlation data. */
    public void publish(String topic, byte[] payload, int qos, String caseId, String contentType) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(qos);
        MqttProperties p = new MqttProperties();
        if (caseId != null) {
            p.setUserProperties(List.of(new UserProperty("case", caseId)));
            p.setCorrelationData(caseId.getBytes(StandardCharsets.UTF_8));
        }
        if (contentType != null) {
            p.setContentType(contentType);
        }
        m.setProperties(p);
        BackPressure.retry(() -> client.publish(topic, m));
    }

    public void publish(String topic, String payload, int qos, String caseId) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, caseId, null);
    }

    /** Publishes a text payload at QoS 1 and waits for the broker's acknowledgement. */
    public void publish(String topic, String payload) throws MqttException {
        publish(topic, payload, 1, null);
    }

    /** What arrived on exactly this topic, in arrival order. */
    public List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> forCase(String caseId) {
        return received.stream().filter(r -> caseId.equals(r.userProperty("case"))).toList();
    }

    public void clear() {
        received.clear();
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } finally {
            client.close(true); // forced: Paho may still count a just-disconnected client as connected and refuse
        }
    }
}
