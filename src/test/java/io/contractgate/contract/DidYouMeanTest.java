package io.contractgate.contract;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The "did you mean" pairing of unexpected and missing fields. */
class DidYouMeanTest {

    private static Violation of(String pointer, ErrorType type) {
        return new Violation(pointer, pointer.substring(pointer.lastIndexOf('/') + 1), type, "k", "m", null, null);
    }

    @Test
    void shouldPairOnlyFieldsOfTheSameObject() {
        List<Violation> v = new ArrayList<>(List.of(of("/0/temprature", ErrorType.UNEXPECTED_FIELD),
                of("/1/temperature", ErrorType.MISSING_FIELD), of("/0/temperature", ErrorType.MISSING_FIELD)));
        DidYouMean.hint(v);
        assertThat(v.get(0).hint()).isEqualTo("did you mean temperature?");
        assertThat(v.get(1).hint()).isNull();
        assertThat(v.get(2).hint()).isEqualTo("found temprature instead: a misspelling?");
    }

    @Test
    void shouldHintTheViolationsOfA256KbArrayInLinearTime() {
        // what one 256 KB payload [{"b":1},...] gives against items {required: [a], additionalProperties: false};
        // before: every unexpected field was compared with every violation, ~20 s of CPU per such message
        List<Violation> v = new ArrayList<>();
        for (int i = 0; i < 32_000; i++) {
            v.add(of("/" + i + "/b", ErrorType.UNEXPECTED_FIELD));
            v.add(of("/" + i + "/a", ErrorType.MISSING_FIELD));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> DidYouMean.hint(v));
        assertThat(v).hasSize(64_000);
    }
}
