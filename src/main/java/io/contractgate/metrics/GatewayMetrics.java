package io.contractgate.metrics;

import io.contractgate.admin.ReloadListener;
import io.contractgate.contract.ErrorType;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import io.contractgate.mqtt.TransportStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

/**
 * The gateway's own meters (message counts, validation and handling time, config reloads, broker state), created once
 * and cached per mapping and sensor so the hot path never looks a meter up by name and tags.
 */
public final class GatewayMetrics implements ReloadListener {

    /** Default cap on distinct {@code sensor_id} label values per mapping. */
    public static final int DEFAULT_MAX_SENSOR_IDS = 1000;
    /** Label value for sensors past the cap. */
    public static final String OTHER_SENSOR = "_other";
    /** Label value for messages without a readable sensor id (unparseable payload, missing field). */
    public static final String NO_SENSOR = "_none";

    static final String MESSAGES = "mqtt.messages";
    static final String PROCESSED = "mqtt.messages.processed";
    static final String FOLDED = "mqtt.sensor.id.folded";
    static final String VALIDATION = "contract.validation";
    static final String HANDLING = "mqtt.handling";
    static final String RELOADS = "contract.config.reloads";
    static final String BROKER_CONNECTED = "mqtt.broker.connected";
    static final String PUBLISH_FAILURES = "mqtt.publish.failures";

    private static final ErrorType[] ERROR_TYPES = ErrorType.values();
    /** Explicit buckets (not Micrometer's ~70 percentile buckets) keep each histogram at 17 series. */
    private static final Duration[] BUCKETS = {
            Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final int maxSensorIds;
    private final ConcurrentHashMap<String, MappingMeters> mappings = new ConcurrentHashMap<>();
    private final Counter reloadSuccess;
    private final Counter reloadFailure;

    public GatewayMetrics(MeterRegistry registry, int maxSensorIdsPerMapping) {
        if (maxSensorIdsPerMapping < 1) {
            throw new IllegalArgumentException("metrics.max-sensor-ids-per-mapping must be >= 1, was "
                    + maxSensorIdsPerMapping);
        }
        this.registry = registry;
        this.maxSensorIds = maxSensorIdsPerMapping;
        // both results exist from the start, so increase() and alerts see the first failure as a change from 0
        this.reloadSuccess = Counter.builder(RELOADS).description("Contract/mapping configuration reloads by result")
                .tag("result", "success").register(registry);
        this.reloadFailure = Counter.builder(RELOADS).description("Contract/mapping configuration reloads by result")
                .tag("result", "failure").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Called by the admin feature (as a {@link ReloadListener} bean) after each reload of config. */
    @Override
    public void reloadCompleted(boolean ok) {
        (ok ? reloadSuccess : reloadFailure).increment();
    }

    /** Registers the broker state gauge: 1 while {@code connected} says every MQTT client is connected, else 0. */
    /**
     * The delivery guarantee's meters: inputs acknowledged to the broker, left unacknowledged (their output failed, so
     * the broker delivers them again), delivered again by the broker (DUP), in flight; outputs failed and in flight.
     */
    public void delivery(TransportStats t) {
        FunctionCounter.builder("mqtt_inputs_acknowledged", t,
                TransportStats::acknowledged)
                .description("Inputs acknowledged to the broker after their output was").register(registry);
        FunctionCounter.builder("mqtt_inputs_unacknowledged", t,
                TransportStats::unacknowledged)
                .description("Inputs not acknowledged because their output failed; the broker delivers them again")
                .register(registry);
        FunctionCounter.builder("mqtt_inputs_redelivered", t,
                TransportStats::redelivered)
                .description("Inputs the broker delivered again (MQTT DUP flag); their outputs carry redelivered=true")
                .register(registry);
        FunctionCounter.builder("mqtt_inputs_reconnect_skipped", t,
                TransportStats::skippedAfterReconnect)
                .description("Inputs handled after their connection was gone; the broker delivers them again")
                .register(registry);
        Gauge.builder("mqtt_inputs_in_flight", t, TransportStats::inFlight)
                .description("Inputs received and not yet acknowledged").register(registry);
        FunctionCounter.builder("mqtt_outputs_failed", t,
                TransportStats::outputsFailed)
                .description("Outputs the broker did not acknowledge (refused, PUBACK error, broker away)")
                .register(registry);
        Gauge.builder("mqtt_outputs_in_flight", t, TransportStats::outputsInFlight)
                .description("Outputs sent and not yet acknowledged").register(registry);
    }

    public void brokerConnected(BooleanSupplier connected) {
        Gauge.builder(BROKER_CONNECTED, connected, c -> c.getAsBoolean() ? 1 : 0)
                .description("1 when every MQTT consumer and producer client of the gateway is connected, else 0")
                .strongReference(true) // the supplier is a lambda nobody else holds: a weak gauge would read NaN
                .register(registry);
    }

    /** The validation-time hook for {@code GatewayServices.setValidationTimer}. */
    public void recordValidation(String mapping, long nanos) {
        mapping(mapping).validation.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts one message after its output was published: per-message, per-error and handling time. */
    public void recordMessage(String mapping, Verdict verdict, long handlingNanos) {
        MappingMeters m = mapping(mapping);
        SensorMeters s = m.sensor(verdict.sensorId());
        if (verdict.valid()) {
            m.validated.increment();
            s.validated.increment();
        } else {
            m.failed.increment();
            for (Violation v : verdict.violations()) {
                s.failed(v.type()).increment();
            }
        }
        if (handlingNanos >= 0) {
            m.handling.record(handlingNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Counts an output that could not be published after all redeliveries. */
    public void recordPublishFailure(String mapping) {
        mapping(mapping).publishFailures.increment();
    }

    MappingMeters mapping(String mapping) {
        MappingMeters m = mappings.get(mapping);
        return m != null ? m : mappings.computeIfAbsent(mapping, MappingMeters::new);
    }

    /** The meters of one mapping, plus its bounded set of per-sensor meters. */
    final class MappingMeters {
        final String mapping;
        final Counter validated;
        final Counter failed;
        final Counter folded;
        final Counter publishFailures;
        final Timer validation;
        final Timer handling;
        private final ConcurrentHashMap<String, SensorMeters> sensors = new ConcurrentHashMap<>();
        private final SensorMeters other;
        private final SensorMeters none;

        MappingMeters(String mapping) {
            this.mapping = mapping;
            validated = messages("validated");
            failed = messages("failed");
            folded = Counter.builder(FOLDED).tag("mapping", mapping)
                    .description("Messages whose sensor_id label was folded into _other by the cardinality guard")
                    .register(registry);
            publishFailures = Counter.builder(PUBLISH_FAILURES).tag("mapping", mapping)
                    .description("Outputs that could not be published to MQTT after all redeliveries")
                    .register(registry);
            validation = timer(VALIDATION, "Time to check one payload against its contract");
            handling = timer(HANDLING, "Time from the contract check's start until the output was published");
            other = new SensorMeters(mapping, OTHER_SENSOR);
            none = new SensorMeters(mapping, NO_SENSOR);
        }

        private Counter messages(String status) {
            return Counter.builder(MESSAGES).tag("mapping", mapping).tag("status", status)
                    .description("Messages handled, one per message, by contract verdict").register(registry);
        }

        private Timer timer(String name, String description) {
            return Timer.builder(name).tag("mapping", mapping).description(description)
                    .serviceLevelObjectives(BUCKETS).register(registry);
        }

        /** The sensor's meters, or the shared {@code _other} ones once the mapping has seen its cap of sensors. */
        SensorMeters sensor(String sensorId) {
            if (sensorId == null) {
                return none;
            }
            SensorMeters s = sensors.get(sensorId);
            if (s != null) {
                return s;
            }
            if (sensors.size() >= maxSensorIds) {
                folded.increment();
                return other;
            }
            // compute under the map's bin lock so concurrent first sightings create one meter set, and re-check the
            // cap inside so a race cannot push the map past it
            SensorMeters result = sensors.computeIfAbsent(sensorId,
                    id -> sensors.size() >= maxSensorIds ? null : new SensorMeters(mapping, id));
            if (result == null) {
                folded.increment();
                return other;
            }
            return result;
        }
    }

    /** Per-sensor counters of {@code mqtt_messages_processed_total}; failed ones created on first use per type. */
    final class SensorMeters {
        final String mapping;
        final String sensorId;
        final Counter validated;
        private final AtomicReferenceArray<Counter> failed = new AtomicReferenceArray<>(ERROR_TYPES.length);

        SensorMeters(String mapping, String sensorId) {
            this.mapping = mapping;
            this.sensorId = sensorId;
            this.validated = processed("validated", "none");
        }

        Counter failed(ErrorType type) {
            Counter c = failed.get(type.ordinal());
            if (c == null) {
                // registering twice returns the same meter, so a lost race costs nothing but the lookup
                c = processed("failed", type.wireName());
                failed.set(type.ordinal(), c);
            }
            return c;
        }

        private Counter processed(String status, String errorType) {
            return Counter.builder(PROCESSED)
                    .description("Validated messages (error_type none) and errors of failed messages, one per error")
                    .tag("status", status).tag("mapping", mapping).tag("sensor_id", sensorId)
                    .tag("error_type", errorType).register(registry);
        }
    }
}
