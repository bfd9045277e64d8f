package io.contractgate.faults;

import io.contractgate.testing.Mosquitto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * One fault scenario under load: a publisher sends {@code total} sensor1 messages at {@code rate} per second through a
 * running gateway, the fault strikes mid-stream, and every message the broker acknowledged to the publisher must come
 * out (validated copy or failure report). What the scenarios of GatewayKillIT and OutputConnectionLossIT share.
 */
final class StreamUnderFault {

    static final String TOPIC = "sensors/sensor1";

    /** The fault, struck while the publisher runs (it may wait on the publisher's or the collector's progress). */
    interface Fault {
        void strike(FaultLoad.Publisher publisher, FaultLoad.Collector outputs) throws Exception;
    }

    private StreamUnderFault() {
    }

    /** A Mosquitto in {@code tmp}/mosquitto, listening on {@code port}. */
    static Mosquitto mosquitto(Path tmp, int port) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("mosquitto"));
        return Mosquitto.start(dir, FaultLoad.mosquittoConfig(dir, port, ""), port);
    }

    /**
     * Runs the stream against the broker at {@code url} with the fault in it and asserts that nothing was lost;
     * prints {@code log} (the gateway's or the broker's) when it was.
     *
     * @param tag      the scenario's short name in the FAULT line of the test output
     * @param scenario what happened, for the assertion message
     */
    static void run(String tag, String scenario, String url, int rate, int total, Fault fault, Callable<String> log)
            throws Exception {
        try (FaultLoad.Collector out = new FaultLoad.Collector(url, TOPIC + "/validated", TOPIC + "/failed");
             FaultLoad.Publisher pub = new FaultLoad.Publisher(url, seq -> TOPIC, rate, total)) {
            pub.start();
            fault.strike(pub, out);
            pub.awaitDone(Duration.ofSeconds(30));
            System.out.println("FAULT " + tag + " publisher: " + pub.describe());
            FaultLoad.assertNothingLost(scenario + " (" + rate + " msg/s)", pub.acked, out,
                    seq -> FaultLoad.expectedOutput(TOPIC, seq), Duration.ofSeconds(30), 0.10);
        } catch (AssertionError | RuntimeException e) {
            try {
                System.out.println(log.call());
            } catch (Exception unreadable) {
                e.addSuppressed(unreadable);
            }
            throw e;
        }
    }
}
