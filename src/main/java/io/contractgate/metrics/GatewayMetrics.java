package io.contractgate.metrics;

import io.contractgate.admin.ReloadListener;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ErrorType;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import io.contractgate.mqtt.TransportStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BooleanSupplier;

/**
 * The gateway's own meters (message counts, validation and handling time, config reloads, broker state), created once
 * and cached per mapping and sensor so the hot path never looks a meter up by name and tags.
 *
 * Longer than ~250 lines on purpose: one meter registration per metric the dashboards and alert rules name; each is
 * a few lines of builder, kept in one place so the names are checked against each other (PrometheusIT).
 */
public final class GatewayMetrics implements ReloadListener {

    /** Default cap on distinct {@code sensor_id} label values per mapping. */
    public static final int DEFAULT_MAX_SENSOR_IDS = 1000;
    /** Label value for sensors past the cap. */
    public static final String OTHER_SENSOR = "_other";
    /**
     * Longest {@code sensor_id} or {@code field} label value kept as it is; longer ones count as {@code _other}. The
     * values come from payloads: 200 messages with 200 KB sensor ids ran a 128 MB heap out of memory (each scrape
     * repeats a label once per series).
     */
    public static final int MAX_LABEL_CHARS = 128;
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
    static final String VIOLATIONS = "mqtt.contract.violations";
    static final String CONTRACT_INFO = "contract.info";
    /** Default cap on distinct (contract, field, error_type) series per mapping. */
    public static final int DEFAULT_MAX_FIELDS = 200;
    /** Label value for fields past the cap. */
    public static final String OTHER_FIELD = "_other";
    /** Label value for violations of the whole payload (invalid JSON, not an object, too large). */
    public static final String WHOLE_PAYLOAD = "_payload";

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
    private volatile int maxFields = DEFAULT_MAX_FIELDS;
    private volatile Function<String, String> contractOfMapping = m -> "_unknown";
    private volatile Supplier<Collection<Contract>> contracts = List::of;
    private final Map<String, Meter.Id> contractInfo = new ConcurrentHashMap<>();

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

    @Override
    public void reloadCompleted(String kind, boolean ok) {
        reloadCompleted(ok);
        if ("contract".equals(kind)) {
            refreshContractInfo();
        }
    }

    /** Where the per-field violation counter finds a mapping's contract id (the running route's). */
    public void setContractOfMapping(Function<String, String> lookup) {
        this.contractOfMapping = lookup;
    }

    /** Caps the (contract, field, error_type) series per mapping; the rest count as field="_other". */
    public void setMaxFieldsPerMapping(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("metrics.max-fields-per-mapping must be >= 1, was " + max);
        }
        this.maxFields = max;
    }

    /** The contracts in force, for {@code contract_info}. */
    public void setContracts(Supplier<Collection<Contract>> contracts) {
        this.contracts = contracts;
    }

    /**
     * {@code contract_info{contract, version, hash} 1} for each contract in force: a changed version replaces the
     * contract's series, a deleted contract loses it.
     */
    public synchronized void refreshContractInfo() {
        Map<String, Contract> now = new HashMap<>();
        for (Contract c : contracts.get()) {
            now.put(c.id(), c);
        }
        for (Map.Entry<String, Meter.Id> e : Map.copyOf(contractInfo).entrySet()) {
            Contract c = now.get(e.getKey());
            if (c == null || !c.hash().equals(e.getValue().getTag("hash"))
                    || !version(c).equals(e.getValue().getTag("version"))) {
                registry.remove(e.getValue());
                contractInfo.remove(e.getKey());
            }
        }
        for (Contract c : now.values()) {
            contractInfo.computeIfAbsent(c.id(), id -> Gauge.builder(CONTRACT_INFO, () -> 1)
                    .description("The contract version in force: version number as the history shows it and content hash")
                    .tag("contract", id).tag("version", version(c)).tag("hash", c.hash())
                    .strongReference(true).register(registry).getId());
        }
    }

    private static String version(Contract c) {
        return c.label() == null ? "original" : c.label();
    }

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

    /** Registers the broker state gauge: 1 while {@code connected} says every MQTT client is connected, else 0. */
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
            String contract = null;
            for (Violation v : verdict.violations()) {
                s.failed(v.type()).increment();
                if (contract == null) {
                    contract = contractOfMapping.apply(mapping);
                }
                m.violation(contract, v).increment();
            }
        }
        if (handlingNanos >= 0) {
            m.handling.record(handlingNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * A mapping's route started: its per-mapping series ({@code mqtt_messages_total} by status, the histograms,
     * {@code mqtt_sensor_id_folded_total}, {@code mqtt_publish_failures_total}, and the shared {@code _other} and
     * {@code _none} sensors' validated count) exist at 0 from now on, so a dashboard shows the mapping and
     * {@code increase()} sees its first message. Series labelled by a sensor, field or error type appear with their
     * first message: those labels are not known before.
     */
    public void mappingStarted(String mapping) {
        mapping(mapping);
    }

    /** Counts an output that could not be published after all redeliveries. */
    public void recordPublishFailure(String mapping) {
        mapping(mapping).publishFailures.increment();
    }

    /** A violation's field label: its JSON pointer with array indices as {@code *}, or _payload for the whole. */
    static String fieldLabel(String pointer) {
        if (pointer == null || pointer.isEmpty()) {
            return WHOLE_PAYLOAD;
        }
        return INDEX.matcher(pointer).replaceAll("/*");
    }

    private static final java.util.regex.Pattern INDEX = java.util.regex.Pattern.compile("/\\d+(?=/|$)");

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
        private final ConcurrentHashMap<String, Counter> violations = new ConcurrentHashMap<>();

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

        /**
         * The per-field violation counter; once the mapping has its cap of series, new fields count as
         * field="_other" (per contract and error type), so a device sending random keys cannot blow up the series.
         */
        Counter violation(String contract, Violation v) {
            String field = fieldLabel(v.pointer());
            String key = contract + '\u0000' + field + '\u0000' + v.type().wireName();
            Counter c = violations.get(key);
            if (c != null) {
                return c;
            }
            if (violations.size() >= maxFields || field.length() > MAX_LABEL_CHARS) {
                return violations.computeIfAbsent(contract + '\u0000' + OTHER_FIELD + '\u0000' + v.type().wireName(),
                        k -> violationCounter(contract, OTHER_FIELD, v.type()));
            }
            return violations.computeIfAbsent(key, k -> violationCounter(contract, field, v.type()));
        }

        private Counter violationCounter(String contract, String field, ErrorType type) {
            return Counter.builder(VIOLATIONS)
                    .description("Contract violations by field (JSON pointer, array indices as *) and error type")
                    .tag("mapping", mapping).tag("contract", contract).tag("field", field)
                    .tag("error_type", type.wireName()).register(registry);
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
            if (sensors.size() >= maxSensorIds || sensorId.length() > MAX_LABEL_CHARS) {
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
