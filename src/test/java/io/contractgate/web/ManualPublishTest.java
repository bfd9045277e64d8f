package io.contractgate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Mapping;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The publish panel's request checks: topic, payload, QoS, and which mappings will see the message. */
class ManualPublishTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping("s1", "sensors/sensor1", "sensor1", "{topic}/validated", "{topic}/failed", "sensor_id", true),
            new Mapping("fleet", "fleet/+", "sensor2", "{topic}/validated", "{topic}/failed", "sensor_id", true),
            new Mapping("off", "fleet/#", "sensor2", "{topic}/validated", "{topic}/failed", "sensor_id", false));

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void aJsonPayloadIsSentAsItsTextAStringAsIs() throws Exception {
        ManualPublish p = ManualPublish.from(json("{\"topic\":\"fleet/t1\",\"payload\":{\"a\":1},\"qos\":2}"), 1000, MAPPINGS);
        assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertThat(p.qos()).isEqualTo(2);
        assertThat(p.mappings()).containsExactly("fleet"); // the disabled mapping does not consume
        ManualPublish raw = ManualPublish.from(json("{\"topic\":\"sensors/sensor1\",\"payload\":\"{broken\"}"), 1000, MAPPINGS);
        assertThat(new String(raw.payload(), StandardCharsets.UTF_8)).isEqualTo("{broken");
        assertThat(raw.qos()).isEqualTo(1);
        assertThat(raw.mappings()).containsExactly("s1");
    }

    @Test
    void badRequestsNameTheField() {
        assertField("{\"payload\":1}", "topic");
        assertField("{\"topic\":\"fleet/+\",\"payload\":1}", "topic");
        assertField("{\"topic\":\"$SYS/x\",\"payload\":1}", "topic");
        assertField("{\"topic\":\"a/b\"}", "payload");
        assertField("{\"topic\":\"a/b\",\"payload\":1,\"qos\":3}", "qos");
        assertField("{\"topic\":\"a/b\",\"payload\":1,\"qos\":\"1\"}", "qos");
        assertField("{\"topic\":\"a/b\",\"payload\":\"" + "x".repeat(20) + "\"}", "payload");
        assertField("{\"topic\":\"a/b\",\"payload\":1,\"retain\":true}", "retain");
        assertField("[]", "body");
    }

    private static void assertField(String body, String field) {
        assertThatThrownBy(() -> ManualPublish.from(json(body), 10, MAPPINGS))
                .as(body).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
