package io.contractgate.contract;

import io.contractgate.report.FailureReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract decides the payload's root type: any JSON value is a payload, and boolean schemas are contracts. */
class RootTypeTest {

    private final ContractCompiler compiler = new ContractCompiler();
    private final PayloadValidator validator = new PayloadValidator();

    private Verdict check(String schema, String payload) {
        return validator.validate(payload.getBytes(StandardCharsets.UTF_8), compiler.compile("c", schema), "sensor_id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "-7", "[1,2]", "\"text\"", "true", "null", "{\"a\":1}", "1.5"})
    void shouldAcceptAnyJsonValueWhenTheContractAllowsAnything(String payload) {
        assertThat(check("{}", payload).valid()).isTrue();
        assertThat(check("true", payload).valid()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "[1,2]", "\"text\"", "null", "{\"a\":1}"})
    void shouldRejectEveryPayloadUnderTheFalseContract(String payload) {
        Verdict v = check("false", payload);
        assertThat(v.valid()).isFalse();
        assertThat(v.violations()).isNotEmpty();
    }

    @Test
    void shouldLetAnIntegerContractAcceptABareNumber() {
        assertThat(check("{\"type\":\"integer\"}", "1").valid()).isTrue();
        Verdict wrong = check("{\"type\":\"integer\"}", "\"1\"");
        assertThat(wrong.primaryError()).isEqualTo(ErrorType.WRONG_TYPE);
        assertThat(wrong.violations().get(0).pointer()).isEmpty();
    }

    @Test
    void shouldCheckAnArrayOfSamplesItemByItem() {
        String schema = "{\"type\":\"array\",\"items\":{\"type\":\"number\",\"maximum\":85}}";
        assertThat(check(schema, "[20.5, 21, 84.9]").valid()).isTrue();
        Verdict v = check(schema, "[20.5, 99]");
        assertThat(v.primaryError()).isEqualTo(ErrorType.OUT_OF_RANGE);
        assertThat(v.violations().get(0).pointer()).isEqualTo("/1");
    }

    @Test
    void shouldStillRejectAnArrayUnderAnObjectContract() {
        Verdict v = check("{\"type\":\"object\"}", "[1,2,3]");
        assertThat(v.primaryError()).isEqualTo(ErrorType.WRONG_TYPE);
        assertThat(v.violations().get(0).pointer()).isEmpty();
    }

    @Test
    void shouldAcceptBooleanSubschemas() {
        String schema = "{\"properties\":{\"a\":true,\"b\":false}}";
        assertThat(check(schema, "{\"a\":1}").valid()).isTrue();
        assertThat(check(schema, "{\"b\":1}").valid()).isFalse();
    }

    @Test
    void shouldLeaveTheSensorIdAbsentWhenThePayloadIsNotAnObject() throws Exception {
        Contract contract = compiler.compile("c", "{\"type\":\"array\",\"maxItems\":1}");
        byte[] payload = "[1,2]".getBytes(StandardCharsets.UTF_8);
        Verdict v = validator.validate(payload, contract, "sensor_id");
        assertThat(v.sensorId()).isNull();

        JsonNode report = new ObjectMapper().readTree(new FailureReport().build("m", "t", contract, "c",
                Instant.EPOCH, v, payload));
        assertThat(report.has("sensor_id")).isFalse();
        assertThat(report.get("payload").isArray()).isTrue();
    }

    @Test
    void shouldRefuseAContractThatIsNeitherObjectNorBoolean() {
        assertThatThrownBy(() -> compiler.compile("c", "[1]"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("must be a JSON object or a boolean");
        assertThatThrownBy(() -> compiler.compile("c", "\"x\""))
                .isInstanceOf(InvalidContractException.class);
    }
}
