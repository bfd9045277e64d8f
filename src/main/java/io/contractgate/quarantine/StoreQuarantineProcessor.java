package io.contractgate.quarantine;

import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.Verdict;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.support.AsyncCallbackToCompletableFutureAdapter;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Camel adapter (bean {@code storeQuarantine}) on the failed path: hands the failed message to the
 * {@link QuarantineWriter}: the verdict's summary (error types and distinct pointers, O(violations)), a size estimate, a
 * semaphore compare-and-set and a queue put; the row is built and written on the writer's thread. With
 * {@code quarantine.required=true} the exchange completes only once the row is written, so the input is acknowledged
 * to the broker only then. A no-op when the quarantine is off.
 */
public class StoreQuarantineProcessor implements AsyncProcessor {

    private final QuarantineWriter writer;

    /** The quarantine off. */
    public StoreQuarantineProcessor() {
        this(null);
    }

    public StoreQuarantineProcessor(QuarantineWriter writer) {
        this.writer = writer;
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Verdict verdict = exchange.getProperty(ContractValidationProcessor.VERDICT_PROPERTY, Verdict.class);
        if (writer == null || verdict == null || verdict.valid()) {
            callback.done(true);
            return true;
        }
        Message in = exchange.getMessage();
        String mapping = exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class);
        String topic = exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class);
        byte[] payload = exchange.getProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, byte[].class);
        MqttProperties props = exchange.getProperty(ContractValidationProcessor.INPUT_PROPERTIES_PROPERTY, MqttProperties.class);
        Contract contract = exchange.getProperty(ContractValidationProcessor.CONTRACT_PROPERTY, Contract.class);
        String contractId = exchange.getProperty(ContractValidationProcessor.CONTRACT_ID_PROPERTY, String.class);
        Instant at = exchange.getProperty(ContractValidationProcessor.RECEIVED_AT_PROPERTY, Instant.class);
        Integer qos = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, Integer.class);
        byte[] report = in.getBody(byte[].class);
        long receivedAt = at == null ? System.currentTimeMillis() : at.toEpochMilli();
        // the summary, not the verdict: the verdict holds the parsed payload tree and the violations' actual values
        QuarantineRows.Summary summary = QuarantineRows.summary(verdict);
        long bytes = QuarantineWriter.estimate(payload == null ? 0 : payload.length, report == null ? 0 : report.length,
                summary.bytes());
        java.util.function.Supplier<QuarantinedMessage> row = () -> QuarantineRows.of(mapping, topic,
                qos == null ? 0 : qos, receivedAt, contractId, contract, summary, payload, props, report);
        if (!writer.required()) {
            writer.submit(row, bytes, ignored -> { }); // queued, or dropped and counted when the queue is full
            callback.done(true);
            return true;
        }
        writer.submit(row, bytes, failure -> {
            if (failure != null) {
                exchange.setException(failure);
            }
            callback.done(false);
        });
        return false;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        // synchronous callers (tests): wait for the asynchronous path
        processAsync(exchange).join();
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        AsyncCallbackToCompletableFutureAdapter<Exchange> callback = new AsyncCallbackToCompletableFutureAdapter<>(exchange);
        process(exchange, callback);
        return callback.getFuture();
    }
}
