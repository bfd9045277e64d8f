import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.net.URI;

/** Probe: the shared workload's forwarder on the HiveMQ (Netty) client; manual acks after the output's PUBACK. */
public final class HiveMqForwarder {
    public static void main(String[] a) throws Exception {
        URI u = URI.create(System.getenv().getOrDefault("BENCH_MQTT_URL", "tcp://127.0.0.1:18883"));
        Mqtt5AsyncClient in = Mqtt5Client.builder().identifier("hin-" + ProcessHandle.current().pid())
                .serverHost(u.getHost()).serverPort(u.getPort()).buildAsync();
        Mqtt5AsyncClient out = Mqtt5Client.builder().identifier("hout-" + ProcessHandle.current().pid())
                .serverHost(u.getHost()).serverPort(u.getPort()).buildAsync();
        out.connect().get();
        in.connectWith().cleanStart(true).send().get();
        in.subscribeWith().topicFilter("sensors/+").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    Mqtt5Publish o = p.extend().topic(p.getTopic().toString() + "/validated").build();
                    out.publish(o).whenComplete((r, t) -> { if (t == null) p.acknowledge(); });
                }).manualAcknowledgement(true).send().get();
        System.out.println("READY hivemq forwarder");
        Thread.currentThread().join();
    }
}
