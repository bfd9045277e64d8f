package io.contractgate.admin;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Test helper: an MQTT 5 client that publishes and records what arrives on its subscriptions. */
final class MqttProbe implements AutoCloseable {

    /** A received message with its arrival time. */
    record Received(String topic, String payload, long nanos) {
    }

    final Queue<Received> received = new ConcurrentLinkedQueue<>();
    final MqttAsyncClient client;

    MqttProbe(String url, String... filters) throws MqttException {
        client = new MqttAsyncClient(url, "probe-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setReceiveMaximum(65535);
        o.setMaxReconnectDelay(1000);
        o.setAutomaticReconnect(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                received.add(new Received(topic, new String(m.getPayload(), StandardCharsets.UTF_8), System.nanoTime()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int code, MqttProperties p) {
            }
        });
        client.connect(o).waitForCompletion(10_000);
        for (String f : filters) {
            client.subscribe(f, 1).waitForCompletion(10_000);
        }
    }

    void publish(String topic, String payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(topic, m).waitForCompletion(10_000);
    }

    List<Received> on(String topic) {
        return received.stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}
