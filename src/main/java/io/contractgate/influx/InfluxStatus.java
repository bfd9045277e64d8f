package io.contractgate.influx;

/**
 * What the status API and logs say about the Influx path (bean {@code influxStatus}): on or off, where it writes (no
 * token), and the writer's counts.
 */
public final class InfluxStatus {

    private final InfluxSettings settings;
    private final InfluxWriteStats stats;

    public InfluxStatus(InfluxSettings settings, InfluxWriteStats stats) {
        this.settings = settings;
        this.stats = stats;
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public String describe() {
        return settings.describe();
    }

    /** Null when the Influx path is off. */
    public InfluxWriteStats stats() {
        return stats;
    }
}
