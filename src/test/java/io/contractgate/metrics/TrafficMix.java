package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
/**
 * A known mix of valid and broken messages for the project's two mappings, and what the counters must say after it.
 */
public final class TrafficMix {

    public static final String SENSOR1 = "sensors/sensor1";
    public static final String SENSOR2 = "sensors/sensor2";
    public static final int SENSOR1_VALID = 5;
    /** Each has two errors: temperature out of range and humidity of the wrong type. */
    public static final int SENSOR1_FAILED = 3;
    public static final int SENSOR2_VALID = 4;
    /** Not JSON at all: one invalid_json error, no sensor id. */
    public static final int SENSOR2_FAILED = 2;

    private TrafficMix() {
    }

    public static String validSensor1(String sensorId, int i) {
        return "{\"sensor_id\":\"" + sensorId + "\",\"timestamp\":\"2026-01-01T00:00:0" + (i % 10)
                + ".123Z\",\"temperature\":" + (20 + i) + ".5,\"humidity\":40}";
    }

    public static String failedSensor1(int i) {
        return "{\"sensor_id\":\"s1-a\",\"timestamp\":\"2026-01-02T00:00:0" + (i % 10)
                + "Z\",\"temperature\":200,\"humidity\":\"wet\"}";
    }

    public static String validSensor2(int i) {
        return "{\"sensor_id\":\"s2-b\",\"pressure\":" + (1000 + i) + ",\"status\":\"ok\"}";
    }

    /** Publishes the whole mix once. */
    public static void publish(GatewayRunner g) throws Exception {
        for (int i = 0; i < SENSOR1_VALID; i++) {
            g.publish(SENSOR1, validSensor1("s1-a", i));
        }
        for (int i = 0; i < SENSOR1_FAILED; i++) {
            g.publish(SENSOR1, failedSensor1(i));
        }
        for (int i = 0; i < SENSOR2_VALID; i++) {
            g.publish(SENSOR2, validSensor2(i));
        }
        for (int i = 0; i < SENSOR2_FAILED; i++) {
            g.publish(SENSOR2, "not json " + i);
        }
    }

    public static int total() {
        return SENSOR1_VALID + SENSOR1_FAILED + SENSOR2_VALID + SENSOR2_FAILED;
    }
}
