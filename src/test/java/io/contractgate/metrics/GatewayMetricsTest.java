package io.contractgate.metrics;

import io.contractgate.contract.ErrorType;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gateway's meters without Camel: counting rules, the cardinality guard, caching and pre-registration. */
class GatewayMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private static Verdict valid(String sensor) {
        return new Verdict(true, null, sensor, List.of());
    }

    private static Verdict failed(String sensor, ErrorType... types) {
        return new Verdict(false, null, sensor, java.util.Arrays.stream(types)
                .map(t -> new Violation("/x", "x", t, "k", "m", null, null)).toList());
    }

    private double processed(String status, String mapping, String sensor, String errorType) {
        Counter c = registry.find("mqtt.messages.processed").tag("status", status).tag("mapping", mapping)
                .tag("sensor_id", sensor).tag("error_type", errorType).counter();
        return c == null ? 0 : c.count();
    }

    private double messages(String mapping, String status) {
        return registry.get("mqtt.messages").tag("mapping", mapping).tag("status", status).counter().count();
    }

    @Test
    void shouldShowAStartedMappingsSeriesAtZeroBeforeItsFirstMessage() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);

        m.mappingStarted("m1");

        assertThat(messages("m1", "validated")).isZero();
        assertThat(messages("m1", "failed")).isZero();
        assertThat(registry.get("mqtt.sensor.id.folded").tag("mapping", "m1").counter().count()).isZero();
        assertThat(registry.get("mqtt.publish.failures").tag("mapping", "m1").counter().count()).isZero();
        assertThat(registry.get("mqtt.handling").tag("mapping", "m1").timer().count()).isZero();
        // labelled by a real sensor: not known before a message
        assertThat(registry.find("mqtt.messages.processed").tag("mapping", "m1").counters())
                .extracting(c -> c.getId().getTag("sensor_id")).containsExactlyInAnyOrder("_other", "_none");
    }

    @Test
    void validatedCountsOnceWithErrorTypeNone() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        m.recordMessage("a", valid("s1"), 1_000);
        m.recordMessage("a", valid("s1"), 2_000);
        assertThat(processed("validated", "a", "s1", "none")).isEqualTo(2);
        assertThat(messages("a", "validated")).isEqualTo(2);
        assertThat(messages("a", "failed")).isZero();
        assertThat(registry.get("mqtt.handling").tag("mapping", "a").timer().count()).isEqualTo(2);
    }

    @Test
    void failedCountsOncePerErrorAndOncePerMessage() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        m.recordMessage("a", failed("s1", ErrorType.OUT_OF_RANGE, ErrorType.WRONG_TYPE, ErrorType.OUT_OF_RANGE), 5);
        m.recordMessage("a", failed(null, ErrorType.INVALID_JSON), 5);
        assertThat(processed("failed", "a", "s1", "out_of_range")).isEqualTo(2);
        assertThat(processed("failed", "a", "s1", "wrong_type")).isEqualTo(1);
        assertThat(processed("failed", "a", GatewayMetrics.NO_SENSOR, "invalid_json")).isEqualTo(1);
        assertThat(messages("a", "failed")).isEqualTo(2);
    }

    @Test
    void shouldCountANonObjectPayloadUnderSensorNone() {
        // an array, number, string, boolean or null payload has no sensor id, whatever the contract allows
        io.contractgate.contract.Contract c = new io.contractgate.contract.ContractCompiler()
                .compile("c", "{\"type\":\"array\",\"maxItems\":1}");
        io.contractgate.contract.PayloadValidator v = new io.contractgate.contract.PayloadValidator();
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        m.recordMessage("a", v.validate("[1]".getBytes(), c, "sensor_id"), 5);
        m.recordMessage("a", v.validate("[1,2]".getBytes(), c, "sensor_id"), 5);
        assertThat(processed("validated", "a", GatewayMetrics.NO_SENSOR, "none")).isEqualTo(1);
        assertThat(processed("failed", "a", GatewayMetrics.NO_SENSOR, "length")).isEqualTo(1);
    }

    @Test
    void foldsSensorsPastTheCapPerMapping() {
        GatewayMetrics m = new GatewayMetrics(registry, 2);
        for (String s : new String[]{"s1", "s2", "s3", "s4", "s1", "s3"}) {
            m.recordMessage("a", valid(s), 1);
        }
        m.recordMessage("b", valid("s3"), 1); // the cap is per mapping
        assertThat(processed("validated", "a", "s1", "none")).isEqualTo(2);
        assertThat(processed("validated", "a", "s2", "none")).isEqualTo(1);
        assertThat(processed("validated", "a", "s3", "none")).isZero();
        assertThat(processed("validated", "a", GatewayMetrics.OTHER_SENSOR, "none")).isEqualTo(3);
        assertThat(registry.get("mqtt.sensor.id.folded").tag("mapping", "a").counter().count()).isEqualTo(3);
        assertThat(processed("validated", "b", "s3", "none")).isEqualTo(1);
    }

    @Test
    void shouldFoldSensorIdsAndFieldsTooLongForALabelIntoOther() {
        // a payload names both: 200 messages with 200 KB sensor ids ran the gateway's heap out at the next scrape
        GatewayMetrics m = new GatewayMetrics(registry, 1000);
        m.setContractOfMapping(mapping -> "c-" + mapping);
        String longest = "s".repeat(GatewayMetrics.MAX_LABEL_CHARS);
        String tooLong = longest + "x";
        m.recordMessage("a", valid(longest), 1);
        m.recordMessage("a", valid(tooLong), 1);
        m.recordMessage("a", valid(tooLong + "y"), 1);
        m.recordMessage("a", failedAt("/" + "k".repeat(5000), "/" + longest.substring(1)), 1);
        assertThat(processed("validated", "a", longest, "none")).isEqualTo(1);
        assertThat(processed("validated", "a", GatewayMetrics.OTHER_SENSOR, "none")).isEqualTo(2);
        assertThat(registry.get("mqtt.sensor.id.folded").tag("mapping", "a").counter().count()).isEqualTo(2);
        assertThat(violations("a", "c-a", GatewayMetrics.OTHER_FIELD, "out_of_range")).isEqualTo(1);
        assertThat(violations("a", "c-a", "/" + longest.substring(1), "out_of_range")).isEqualTo(1);
        assertThat(registry.getMeters()).allSatisfy(meter -> meter.getId().getTags()
                .forEach(t -> assertThat(t.getValue().length()).isLessThanOrEqualTo(GatewayMetrics.MAX_LABEL_CHARS)));
    }

    @Test
    void metersAreCreatedOnceAndReused() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        assertThat(m.mapping("a")).isSameAs(m.mapping("a"));
        assertThat(m.mapping("a").sensor("s1")).isSameAs(m.mapping("a").sensor("s1"));
        assertThat(m.mapping("a").sensor("s1").failed(ErrorType.LENGTH))
                .isSameAs(m.mapping("a").sensor("s1").failed(ErrorType.LENGTH));
    }

    @Test
    void reloadResultsExistFromTheStart() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        assertThat(registry.get("contract.config.reloads").tag("result", "success").counter().count()).isZero();
        assertThat(registry.get("contract.config.reloads").tag("result", "failure").counter().count()).isZero();
        m.reloadCompleted(true);
        m.reloadCompleted(false);
        m.reloadCompleted(false);
        assertThat(registry.get("contract.config.reloads").tag("result", "success").counter().count()).isEqualTo(1);
        assertThat(registry.get("contract.config.reloads").tag("result", "failure").counter().count()).isEqualTo(2);
    }

    @Test
    void validationTimerAndBrokerGauge() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        m.recordValidation("a", 250_000);
        assertThat(registry.get("contract.validation").tag("mapping", "a").timer().count()).isEqualTo(1);
        boolean[] up = {true};
        m.brokerConnected(() -> up[0]);
        System.gc(); // the gauge holds its supplier strongly; a weak one would read NaN after a collection
        assertThat(registry.get("mqtt.broker.connected").gauge().value()).isEqualTo(1);
        up[0] = false;
        assertThat(registry.get("mqtt.broker.connected").gauge().value()).isZero();
    }

    @Test
    void rejectsANonPositiveCapNamingTheKey() {
        assertThatThrownBy(() -> new GatewayMetrics(registry, 0))
                .hasMessageContaining("metrics.max-sensor-ids-per-mapping");
    }

    @Test
    void snakeCaseLabelNames() {
        assertThat(SnakeCaseLabels.snake("routeId")).isEqualTo("route_id");
        assertThat(SnakeCaseLabels.snake("camelContext")).isEqualTo("camel_context");
        assertThat(SnakeCaseLabels.snake("sensor_id")).isEqualTo("sensor_id");
        registry.config().meterFilter(new SnakeCaseLabels());
        registry.counter("camel.exchanges", "routeId", "r1");
        assertThat(registry.get("camel.exchanges").tag("route_id", "r1").counter().getId().getDescription())
                .isNotBlank();
    }

    private double violations(String mapping, String contract, String field, String type) {
        Counter c = registry.find("mqtt.contract.violations").tag("mapping", mapping).tag("contract", contract)
                .tag("field", field).tag("error_type", type).counter();
        return c == null ? 0 : c.count();
    }

    private static Verdict failedAt(String... pointers) {
        return new Verdict(false, null, "s", java.util.Arrays.stream(pointers)
                .map(p -> new Violation(p, p, p.isEmpty() ? ErrorType.INVALID_JSON : ErrorType.OUT_OF_RANGE, "k", "m", null, null)).toList());
    }

    @Test
    void shouldCountViolationsPerFieldWithArrayIndicesFoldedAndACardinalityGuard() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        m.setContractOfMapping(mapping -> "c-" + mapping);
        m.setMaxFieldsPerMapping(3);
        m.recordMessage("a", failedAt("/temperature", "/readings/0/value", "/readings/12/value"), 1);
        m.recordMessage("a", failedAt(""), 1);
        assertThat(violations("a", "c-a", "/temperature", "out_of_range")).isEqualTo(1);
        assertThat(violations("a", "c-a", "/readings/*/value", "out_of_range")).isEqualTo(2);
        assertThat(violations("a", "c-a", "_payload", "invalid_json")).isEqualTo(1);
        // the cap (3 series) is reached: new fields fold into _other, known ones keep counting
        m.recordMessage("a", failedAt("/x1", "/x2", "/temperature"), 1);
        assertThat(violations("a", "c-a", "_other", "out_of_range")).isEqualTo(2);
        assertThat(violations("a", "c-a", "/temperature", "out_of_range")).isEqualTo(2);
        assertThat(registry.find("mqtt.contract.violations").tag("mapping", "a").counters()).hasSize(4);
        m.recordMessage("a", valid("s"), 1);
        assertThatThrownBy(() -> m.setMaxFieldsPerMapping(0)).hasMessageContaining("metrics.max-fields-per-mapping");
    }

    @Test
    void shouldExposeOneContractInfoSeriesPerContractFollowingItsVersion() {
        GatewayMetrics m = new GatewayMetrics(registry, 10);
        io.contractgate.contract.ContractCompiler compiler = new io.contractgate.contract.ContractCompiler();
        java.util.concurrent.atomic.AtomicReference<List<io.contractgate.contract.Contract>> now = new java.util.concurrent.atomic.AtomicReference<>(
                List.of(compiler.compile("c", "{\"type\":\"object\"}"), compiler.compile("d", "{}").withNumber(2)));
        m.setContracts(now::get);
        m.refreshContractInfo();
        assertThat(registry.get("contract.info").tag("contract", "c").tag("version", "original").gauge().value()).isEqualTo(1);
        assertThat(registry.get("contract.info").tag("contract", "d").tag("version", "v2").gauge().value()).isEqualTo(1);
        io.contractgate.contract.Contract next = compiler.compile("d", "{\"type\":\"array\"}").withNumber(3);
        now.set(List.of(next));
        m.reloadCompleted("contract", true);
        assertThat(registry.find("contract.info").gauges()).hasSize(1);
        assertThat(registry.get("contract.info").tag("contract", "d").tag("version", "v3").tag("hash", next.hash()).gauge().value()).isEqualTo(1);
    }
}
