package io.contractgate.metrics;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The delivery-failure log line stays one short line whatever topic a publisher chose. */
class DeliveryFailureLogProcessorTest {

    @Test
    void shouldNotLetATopicWithALineBreakForgeALogLine() {
        String line = DeliveryFailureLogProcessor.printable(
                "Could not deliver a message from s/x\nERROR admin password changed\r\u2028: refused");

        assertThat(line).doesNotContain("\n", "\r", "\u2028")
                .isEqualTo("Could not deliver a message from s/x\\u000aERROR admin password changed\\u000d\\u2028: refused");
    }

    @Test
    void shouldCutALineCarryingAHugeTopic() {
        String line = DeliveryFailureLogProcessor.printable("Could not deliver a message from " + "x".repeat(65_000));

        assertThat(line).hasSize(DeliveryFailureLogProcessor.MAX_LINE_CHARS + 1).endsWith("x…");
    }

    @Test
    void shouldLeaveAnOrdinaryLineAlone() {
        assertThat(DeliveryFailureLogProcessor.printable("Could not deliver a message from s/1: refused"))
                .isEqualTo("Could not deliver a message from s/1: refused");
    }
}
