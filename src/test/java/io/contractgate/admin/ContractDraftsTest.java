package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What "Draft from traffic" answers for a mapping with nothing to draft from: why, and the other ways to a draft. */
class ContractDraftsTest {

    static Mapping mapping(boolean enabled) {
        return new Mapping("line3", "plant/line3/+", "sensor1", "{topic}/validated", "{topic}/failed", "sensor_id", enabled);
    }

    @Test
    void shouldSayADisabledMappingReceivesNothingAndThatItsFilterCanStillBeListenedTo() {
        assertThat(ContractDrafts.noSamples(mapping(false), 200)).isEqualTo("mapping 'line3' has received no JSON message"
                + " since the gateway started (it is disabled: enable it to receive messages); listen on its topic filter"
                + " instead (POST /api/contracts/infer/topic with {\"topic\": \"plant/line3/+\"}) or paste examples"
                + " (POST /api/contracts/infer)");
    }

    @Test
    void shouldNameTheSettingWhenNoSamplesAreKept() {
        assertThat(ContractDrafts.noSamples(mapping(true), 0))
                .contains("(contracts.sample-buffer is 0: none are kept); listen on its topic filter")
                .doesNotContain("disabled");
        assertThat(ContractDrafts.noSamples(mapping(true), 200)).doesNotContain("disabled").doesNotContain("sample-buffer");
    }
}
