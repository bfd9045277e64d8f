package io.contractgate.simulator;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Command-line publisher: sends one payload (text, or {@code @file}) to a topic, for manual testing without other tools.
 * Usage: {@code java -cp contract-gateway.jar io.contractgate.simulator.PublishOnce TOPIC PAYLOAD|@FILE [BROKER_URL]}
 */
public final class PublishOnce {

    private PublishOnce() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PublishOnce TOPIC PAYLOAD|@FILE [BROKER_URL (default tcp://127.0.0.1:1883)]");
            System.exit(2);
        }
        byte[] payload = args[1].startsWith("@")
                ? Files.readAllBytes(Path.of(args[1].substring(1)))
                : args[1].getBytes(StandardCharsets.UTF_8);
        String url = args.length > 2 ? args[2] : "tcp://127.0.0.1:1883";
        MqttClient c = new MqttClient(url, "publish-once-" + ProcessHandle.current().pid(), new MemoryPersistence());
        c.connect(new MqttConnectionOptions());
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        c.publish(args[0], m);
        c.disconnect();
        c.close();
        System.out.println("published " + payload.length + " bytes to " + args[0]);
    }
}
