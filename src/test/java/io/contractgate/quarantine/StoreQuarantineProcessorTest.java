package io.contractgate.quarantine;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.ErrorType;
import io.contractgate.contract.Verdict;
import io.contractgate.contract.Violation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The failed path's quarantine step on a plain exchange, without routes. */
class StoreQuarantineProcessorTest {

    private static Exchange failedExchange() {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        Verdict v = new Verdict(false, null, "s1", List.of(new Violation("/t", "t", ErrorType.OUT_OF_RANGE, "maximum",
                "too hot", "<= 85", null)));
        MqttProperties in = new MqttProperties();
        in.setUserProperties(List.of(new UserProperty("seq", "7")));
        in.setContentType("application/json");
        ex.setProperty(ContractValidationProcessor.VERDICT_PROPERTY, v);
        ex.setProperty(ContractValidationProcessor.MAPPING_PROPERTY, "m1");
        ex.setProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, "sensors/x");
        ex.setProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, "{\"t\":99}".getBytes(StandardCharsets.UTF_8));
        ex.setProperty(ContractValidationProcessor.INPUT_PROPERTIES_PROPERTY, in);
        ex.setProperty(ContractValidationProcessor.CONTRACT_ID_PROPERTY, "c1");
        ex.setProperty(ContractValidationProcessor.RECEIVED_AT_PROPERTY, Instant.ofEpochMilli(1234));
        ex.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, 1);
        ex.getMessage().setBody("{\"report\":1}".getBytes(StandardCharsets.UTF_8));
        return ex;
    }

    @Test
    void shouldQueueTheWholeFailedMessageAndCompleteAtOnce() throws Exception {
        List<QuarantinedMessage> rows = new CopyOnWriteArrayList<>();
        QuarantineWriter w = new QuarantineWriter(rows::addAll, 10, 1 << 20, 10, false);
        AtomicBoolean sync = new AtomicBoolean();
        assertThat(new StoreQuarantineProcessor(w).process(failedExchange(), sync::set)).isTrue();
        assertThat(sync.get()).isTrue();
        await().until(() -> rows.size() == 1);
        QuarantinedMessage m = rows.get(0);
        assertThat(m.mapping()).isEqualTo("m1");
        assertThat(m.topic()).isEqualTo("sensors/x");
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.receivedAt()).isEqualTo(1234);
        assertThat(m.contractId()).isEqualTo("c1");
        assertThat(m.sensorId()).isEqualTo("s1");
        assertThat(m.errorTypes()).containsExactly("out_of_range");
        assertThat(m.pointers()).containsExactly("/t");
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":99}");
        assertThat(new String(m.report(), StandardCharsets.UTF_8)).isEqualTo("{\"report\":1}");
        assertThat(m.userProperties()).containsExactly(new QuarantinedMessage.UserProperty("seq", "7"));
        assertThat(m.contentType()).isEqualTo("application/json");
        w.close();
    }

    @Test
    void shouldCompleteARequiredMessageOnlyAfterItsRowIsWritten() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        QuarantineWriter w = new QuarantineWriter(r -> release.await(), 10, 1 << 20, 10, true);
        AtomicBoolean done = new AtomicBoolean();
        Exchange ex = failedExchange();
        assertThat(new StoreQuarantineProcessor(w).process(ex, s -> done.set(true))).isFalse();
        assertThat(done.get()).isFalse();
        release.countDown();
        await().untilTrue(done);
        assertThat(ex.getException()).isNull();
        w.close();
    }

    @Test
    void shouldIgnoreValidMessagesAndAnOffQuarantine() {
        Exchange ex = failedExchange();
        AtomicBoolean done = new AtomicBoolean();
        assertThat(new StoreQuarantineProcessor().process(ex, done::set)).isTrue();
        assertThat(done.get()).isTrue();
    }

    @Test
    void retentionOnABrokenStoreDoesNotThrow() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // it runs on a timer: a database problem is logged, and the next run tries again
        new QuarantineRetention(new QuarantineStore(null), new QuarantineMetrics(registry, () -> 0), 1, 10, () -> 0).run();
        assertThat(registry.get("quarantine_rows_dropped_total").tag("reason", "age").counter().count()).isZero();
    }

    @Test
    void shouldQueueTheVerdictsSummaryNotTheParsedPayloadOrTheViolationsValues() {
        com.fasterxml.jackson.databind.JsonNode root =
                com.fasterxml.jackson.databind.node.TextNode.valueOf("x".repeat(100_000));
        Verdict v = new Verdict(false, root, "s1", List.of(
                new Violation("/pad", "pad", ErrorType.UNEXPECTED_FIELD, "additionalProperties", "not allowed", null, root),
                new Violation("/pad", "pad", ErrorType.OUT_OF_RANGE, "maximum", "too hot", "<= 85", null)));
        QuarantineRows.Summary s = QuarantineRows.summary(v);
        assertThat(s.errorCount()).isEqualTo(2);
        assertThat(s.pointers()).containsExactly("/pad");
        assertThat(s.errorTypes()).containsExactly("unexpected_field", "out_of_range");
        assertThat(s.bytes()).isBetween(1L, 1000L); // what the queue counts: not the 100,000 characters
    }
}
