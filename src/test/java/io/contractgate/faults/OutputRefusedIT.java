package io.contractgate.faults;

import io.contractgate.mqtt.GatewayPahoComponent;
import io.contractgate.mqtt.TransportStats;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 6: the output broker refuses the gateway's publishes. Mosquitto's ACL lets anyone publish the inputs and
 * read the outputs, but nobody write the outputs: Mosquitto answers each output with PUBACK 0x87 (not authorized).
 * No input may be acknowledged (they stay with the broker, counted as unacknowledged by the gateway); once the ACL is
 * fixed and Mosquitto reloads it (SIGHUP), every input comes out, at least once, within the bound.
 */
class OutputRefusedIT {

    static final String TOPIC = "sensors/sensor1";
    static final int TOTAL = 200;

    static final String DENY_OUTPUTS = """
            topic readwrite sensors/sensor1
            topic readwrite sensors/sensor2
            topic read sensors/sensor1/validated
            topic read sensors/sensor1/failed
            """;
    static final String ALLOW_ALL = "topic readwrite sensors/#\n";

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void refusedOutputsKeepTheirInputsUntilTheBrokerTakesThem() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        Path acl = brokerDir.resolve("acl");
        Files.writeString(acl, DENY_OUTPUTS);
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        try (Mosquitto broker = Mosquitto.start(brokerDir, FaultLoad.mosquittoConfig(brokerDir, port,
                "acl_file " + acl.toAbsolutePath() + "\n"), port);
             GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url,
                     "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"));
             FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, 200, TOTAL)) {
            GatewayPahoComponent paho = gw.context().getComponent("paho-mqtt5", GatewayPahoComponent.class);
            TransportStats stats = paho.stats();
            pub.start().awaitDone(Duration.ofSeconds(20));
            assertThat(pub.acked).as("inputs the broker acknowledged to the publisher").hasSize(TOTAL);

            // every input was tried and its output refused: none acknowledged, none out
            await("every output refused at least once").atMost(Duration.ofSeconds(20))
                    .until(() -> paho.outputClient().failed() >= TOTAL && stats.unacknowledged() >= TOTAL);
            await("nothing comes out while the ACL refuses").during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5)).until(() -> out.total() == 0);
            assertThat(stats.acknowledged()).as("inputs acknowledged while their outputs are refused").isZero();
            long refusedBefore = paho.outputClient().failed();
            System.out.printf("FAULT output-refused: while denied: outputs refused=%d, inputs left unacknowledged=%d, "
                    + "redelivered=%d, acknowledged=%d, outputs seen=%d%n", refusedBefore, stats.unacknowledged(),
                    stats.redelivered(), stats.acknowledged(), out.total());

            Files.writeString(acl, ALLOW_ALL);
            FaultLoad.signal(FaultLoad.mosquittoPid(brokerDir), "HUP"); // mosquitto reloads its ACL file
            try {
                FaultLoad.assertNothingLost("output refused (PUBACK 0x87) until the ACL is fixed", pub.acked, out,
                        seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(60), 1.0);
            } catch (AssertionError e) {
                System.out.println("mosquitto log:\n" + FaultLoad.tail(broker.log(), 60));
                throw e;
            }
            await("every input acknowledged after the fix").atMost(Duration.ofSeconds(10))
                    .until(() -> stats.acknowledged() >= TOTAL);
        }
    }

    /**
     * Only one mapping's outputs refused: the other mapping shares the output client and must keep flowing meanwhile
     * (every input of sensor2 out while sensor1 has none), and the refused one's inputs all come out after the fix.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void oneMappingRefusedTheOtherKeepsFlowing() throws Exception {
        Path brokerDir = Files.createDirectories(tmp.resolve("mosquitto"));
        Path acl = brokerDir.resolve("acl");
        Files.writeString(acl, DENY_OUTPUTS + "topic readwrite sensors/sensor2/#\n");
        int port = GatewayRunner.freePort();
        String url = "tcp://127.0.0.1:" + port;
        String other = "sensors/sensor2"; // the load's sensor1 readings are all failures for contract sensor2
        try (Mosquitto broker = Mosquitto.start(brokerDir, FaultLoad.mosquittoConfig(brokerDir, port,
                "acl_file " + acl.toAbsolutePath() + "\n"), port);
             GatewayRunner gw = GatewayRunner.start(tmp.resolve("gw"), Map.of("mqtt.broker.url", url,
                     "mqtt.clean-start", "false", "mqtt.session-expiry", "3600"));
             FaultLoad.Collector refused = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Collector flowing = new FaultLoad.Collector(url, other + "/validated", other + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, 100, TOTAL);
             FaultLoad.Publisher otherPub = new FaultLoad.Publisher(url, seq -> other, 100, 2 * TOTAL)) {
            GatewayPahoComponent paho = gw.context().getComponent("paho-mqtt5", GatewayPahoComponent.class);
            pub.start();
            otherPub.start();
            pub.awaitDone(Duration.ofSeconds(30));
            otherPub.awaitDone(Duration.ofSeconds(30));
            FaultLoad.assertNothingLost("sensor2 while sensor1's outputs are refused", otherPub.acked, flowing,
                    seq -> other + "/failed", Duration.ofSeconds(30), 0.10);
            assertThat(refused.total()).as("sensor1 outputs while refused").isZero();
            assertThat(paho.outputClient().failed()).as("refused outputs").isPositive();

            Files.writeString(acl, ALLOW_ALL);
            FaultLoad.signal(FaultLoad.mosquittoPid(brokerDir), "HUP");
            FaultLoad.assertNothingLost("sensor1 after its outputs are allowed again", pub.acked, refused,
                    seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(60), 1.0);
        }
    }
}
