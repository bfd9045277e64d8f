package io.contractgate.web;

import com.fasterxml.jackson.core.JacksonException;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Mapping;
import io.contractgate.admin.RestErrors;
import io.contractgate.admin.RestJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The publish panel's request, read as the REST binding reads it ({@link RestJson}) and checked: topic, payload, QoS,
 * and which mappings will see the message; a refusal answered as the API answers it ({@link RestErrors}).
 */
class ManualPublishTest {

    private static final List<Mapping> MAPPINGS = List.of(
            new Mapping("s1", "sensors/sensor1", "sensor1", "{topic}/validated", "{topic}/failed", "sensor_id", true),
            new Mapping("fleet", "fleet/+", "sensor2", "{topic}/validated", "{topic}/failed", "sensor_id", true),
            new Mapping("off", "fleet/#", "sensor2", "{topic}/validated", "{topic}/failed", "sensor_id", false));

    private static PublishRequest json(String s) throws Exception {
        return RestJson.strict().readValue(s, PublishRequest.class);
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
        assertField("{\"topic\":\"a/b\",\"payload\":1,\"qos\":1.5}", "qos");
        assertField("{\"topic\":7,\"payload\":1}", "topic");
        // before: accepted, and the message reached sensors/sensor1/validated without passing any contract
        assertField("{\"topic\":\"sensors/sensor1/validated\",\"payload\":1}", "topic");
        assertField("{\"topic\":\"fleet/t1/failed\",\"payload\":1}", "topic");
        assertField("{\"topic\":\"fleet/a/b/validated\",\"payload\":1}", "topic"); // the disabled fleet/# mapping's
        // before: sent, and Paho dropped the shared output client's connection over the C1 control (503; every
        // mapping's outputs waited for the reconnect)
        assertField("{\"topic\":\"a\\u0085b\",\"payload\":1}", "topic");
        assertField("[]", "body");
        assertField("{\"topic\":", "body");
    }

    @Test
    void aWildcardTopicIsRefusedWithAConcreteTopicToUseInstead() {
        assertThatThrownBy(() -> ManualPublish.from(json("{\"topic\":\"plant/line4/+\",\"payload\":1}"), 1000, MAPPINGS))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "topic 'plant/line4/+' has a wildcard: a message is published to one concrete topic, e.g. 'plant/line4/x'"));
        assertThatThrownBy(() -> ManualPublish.from(json("{\"topic\":\"$SYS/x\",\"payload\":1}"), 1000, MAPPINGS))
                .hasMessage("topic '$SYS/x' must not start with '$' (reserved for the broker)");
    }

    private static void assertField(String body, String field) {
        RestErrors.Answer answer;
        try {
            ManualPublish.from(json(body), 10, MAPPINGS);
            throw new AssertionError("accepted: " + body);
        } catch (ApiException e) {
            answer = RestErrors.refused(e);
        } catch (JacksonException e) {
            answer = RestErrors.unreadable(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(answer.status()).as(body).isEqualTo(400);
        assertThat(answer.body()).as(body).containsEntry("field", field);
    }
}
