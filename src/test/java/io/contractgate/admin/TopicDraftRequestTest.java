package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.mqtt.TopicSampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The argument checks of POST /api/contracts/infer/topic: bounds, defaults and topic filter, errors naming the field. */
class TopicDraftRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void shouldUseBoundedDefaultsWhenOnlyTheTopicIsGiven() throws Exception {
        TopicDraftRequest r = TopicDraftRequest.from(body("{\"topic\":\"plant/+/level\"}"));
        assertThat(r.topic()).isEqualTo("plant/+/level");
        assertThat(r.maxMessages()).isEqualTo(TopicSampler.DEFAULT_MAX_MESSAGES).isEqualTo(200);
        assertThat(r.seconds()).isEqualTo(TopicSampler.DEFAULT_SECONDS).isEqualTo(10);
        assertThat(r.title()).isEqualTo("inferred from plant/+/level");
    }

    @Test
    void shouldAcceptTheMaxima() throws Exception {
        TopicDraftRequest r = TopicDraftRequest.from(body("{\"topic\":\"plant/#\",\"maxMessages\":1000,\"seconds\":60,\"title\":\"Level\"}"));
        assertThat(r.maxMessages()).isEqualTo(TopicSampler.MAX_MESSAGES);
        assertThat(r.seconds()).isEqualTo(TopicSampler.MAX_SECONDS);
        assertThat(r.title()).isEqualTo("Level");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "{}                                                  | topic",
            "[]                                                  | topic",
            "{\"topic\":7}                                       | topic",
            "{\"topic\":\"\"}                                    | topic",
            "{\"topic\":\"plant/#/level\"}                       | topic",
            "{\"topic\":\"plant/a+/level\"}                      | topic",
            "{\"topic\":\"$share/g/plant/+\"}                    | topic",
            "{\"topic\":\"a/b\",\"maxMessages\":0}               | maxMessages",
            "{\"topic\":\"a/b\",\"maxMessages\":1001}            | maxMessages",
            "{\"topic\":\"a/b\",\"maxMessages\":2.5}             | maxMessages",
            "{\"topic\":\"a/b\",\"maxMessages\":\"200\"}         | maxMessages",
            "{\"topic\":\"a/b\",\"maxMessages\":99999999999}     | maxMessages",
            "{\"topic\":\"a/b\",\"seconds\":0}                   | seconds",
            "{\"topic\":\"a/b\",\"seconds\":61}                  | seconds",
            "{\"topic\":\"a/b\",\"seconds\":-1}                  | seconds",
            "{\"topic\":\"a/b\",\"seconds\":true}                | seconds",
            "{\"topic\":\"a/b\",\"title\":[1]}                   | title",
    })
    void shouldRefuseBadArgumentsNamingTheField(String json, String field) throws Exception {
        assertThatThrownBy(() -> TopicDraftRequest.from(body(json)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    @Test
    void shouldMakeOneFreshSamplingClientIdPerRun() {
        String a = TopicSampler.clientId("gw");
        assertThat(a).matches("gw-sample-[0-9a-f]{8}");
        assertThat(TopicSampler.clientId("gw")).isNotEqualTo(a);
    }
}
