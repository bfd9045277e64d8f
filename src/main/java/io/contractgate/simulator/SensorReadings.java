package io.contractgate.simulator;

import java.time.Instant;
import java.util.Locale;
import java.util.Random;

/**
 * Generates realistic sensor1/sensor2 readings, valid or broken in one of the documented ways, for the simulator.
 */
public final class SensorReadings {

    /** The kinds of broken message the simulator produces, one per error type a publisher commonly gets wrong. */
    public enum Kind { VALID, WRONG_TYPE, OUT_OF_RANGE, MISSING_FIELD, UNEXPECTED_FIELD, INVALID_JSON }

    private final Random random;

    public SensorReadings(long seed) {
        this.random = new Random(seed);
    }

    /** Picks a kind: valid with probability {@code 1 - invalidShare}, else one broken kind at random. */
    public Kind nextKind(double invalidShare) {
        if (random.nextDouble() >= invalidShare) {
            return Kind.VALID;
        }
        Kind[] broken = {Kind.WRONG_TYPE, Kind.OUT_OF_RANGE, Kind.MISSING_FIELD, Kind.UNEXPECTED_FIELD, Kind.INVALID_JSON};
        return broken[random.nextInt(broken.length)];
    }

    /** A sensor1 reading (temperature/humidity) of the given kind. */
    public String sensor1(int sensor, Kind kind, Instant now) {
        String id = "\"sensor_id\":\"s1-" + String.format(Locale.ROOT, "%04d", sensor) + "\"";
        String ts = "\"timestamp\":\"" + now + "\"";
        String temp = "\"temperature\":" + decimal(-10, 50);
        String hum = "\"humidity\":" + decimal(20, 80);
        return switch (kind) {
            case VALID -> "{" + id + "," + ts + "," + temp + "," + hum + "}";
            case WRONG_TYPE -> "{" + id + "," + ts + ",\"temperature\":\"hot\"," + hum + "}";
            case OUT_OF_RANGE -> "{" + id + "," + ts + ",\"temperature\":120.5," + hum + "}";
            case MISSING_FIELD -> "{" + id + "," + temp + "," + hum + "}";
            case UNEXPECTED_FIELD -> "{" + id + "," + ts + "," + temp + "," + hum + ",\"battery\":3.7}";
            case INVALID_JSON -> "{" + id + "," + ts + "," + temp + ",\"humidity\":";
        };
    }

    /** A sensor2 reading (pressure/status) of the given kind. */
    public String sensor2(int sensor, Kind kind) {
        String id = "\"sensor_id\":\"s2-" + sensor + "\"";
        String pressure = "\"pressure\":" + decimal(950, 1070);
        String[] statuses = {"ok", "ok", "ok", "ok", "ok", "ok", "ok", "warn", "warn", "fault"};
        String status = "\"status\":\"" + statuses[random.nextInt(statuses.length)] + "\"";
        return switch (kind) {
            case VALID -> "{" + id + "," + pressure + "," + status + "}";
            case WRONG_TYPE -> "{" + id + ",\"pressure\":\"high\"," + status + "}";
            case OUT_OF_RANGE -> "{" + id + ",\"pressure\":1200.0," + status + "}";
            case MISSING_FIELD -> "{" + id + "," + status + "}";
            case UNEXPECTED_FIELD -> "{" + id + "," + pressure + "," + status + ",\"battery\":3.7}";
            case INVALID_JSON -> "{" + id + "," + pressure + "," + status + ",}";
        };
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private String decimal(int min, int max) {
        double v = min + random.nextInt((max - min) * 10 + 1) / 10.0;
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
