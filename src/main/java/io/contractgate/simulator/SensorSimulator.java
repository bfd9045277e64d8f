package io.contractgate.simulator;

import io.contractgate.mqtt.BrokerSettings;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Publishes sensor1/sensor2 traffic at a fixed rate with a share of broken messages, so the pipeline has something
 * to check on the first run.
 */
public final class SensorSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SensorSimulator.class);

    private final BrokerSettings broker;
    private final String brokerUrl;
    private final double rate;
    private final double invalidShare;
    private final SensorReadings readings = new SensorReadings(System.nanoTime());
    private ScheduledExecutorService timer;
    private MqttAsyncClient client;

    public SensorSimulator(BrokerSettings broker, String brokerUrl, double rate, double invalidShare) {
        if (rate <= 0 || rate > 100_000) {
            throw new IllegalArgumentException("simulator.rate must be in (0, 100000] messages/s, was " + rate);
        }
        if (invalidShare < 0 || invalidShare > 1) {
            throw new IllegalArgumentException("simulator.invalid-share must be within [0, 1], was " + invalidShare);
        }
        this.broker = broker;
        this.brokerUrl = brokerUrl;
        this.rate = rate;
        this.invalidShare = invalidShare;
    }

    public void start() throws Exception {
        client = new MqttAsyncClient(brokerUrl, broker.clientIdPrefix() + "-simulator", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setCleanStart(true);
        o.setSocketFactory(broker.socketFactory());
        if (broker.username() != null) {
            o.setUserName(broker.username());
        }
        if (broker.password() != null) {
            o.setPassword(broker.password().getBytes(StandardCharsets.UTF_8));
        }
        client.connect(o).waitForCompletion(10_000);
        long periodMicros = Math.max(10, (long) (1_000_000 / rate));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sensor-simulator");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::publishOne, 500_000, periodMicros, TimeUnit.MICROSECONDS);
        LOG.info("Sensor simulator publishing {} msg/s to sensors/sensor1 and sensors/sensor2, {}% broken",
                rate, Math.round(invalidShare * 100));
    }

    private void publishOne() {
        try {
            SensorReadings.Kind kind = readings.nextKind(invalidShare);
            boolean first = readings.nextInt(2) == 0;
            String payload = first
                    ? readings.sensor1(40 + readings.nextInt(10), kind, Instant.now())
                    : readings.sensor2(readings.nextInt(10), kind);
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(0);
            client.publish(first ? "sensors/sensor1" : "sensors/sensor2", m);
        } catch (Exception e) {
            // a full in-flight window or a reconnect: skip this tick rather than stop the schedule
            LOG.debug("simulator skipped a message: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            if (client != null && client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
