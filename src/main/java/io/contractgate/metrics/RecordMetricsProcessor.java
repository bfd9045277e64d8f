package io.contractgate.metrics;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.Verdict;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Camel adapter (bean {@code recordMetrics}) placed after the MQTT publish: counts the message once and records its
 * end-to-end handling time.
 */
public class RecordMetricsProcessor implements Processor {

    /** Set once the message was counted, so the error handler does not count it again. */
    public static final String COUNTED_PROPERTY = "contractgate.counted";

    private final GatewayMetrics metrics;

    public RecordMetricsProcessor(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        record(metrics, exchange);
    }

    /** Counts the exchange's message unless it was already counted or never reached the contract check. */
    static void record(GatewayMetrics metrics, Exchange exchange) {
        Verdict verdict = exchange.getProperty(ContractValidationProcessor.VERDICT_PROPERTY, Verdict.class);
        String mapping = exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class);
        if (verdict == null || mapping == null || exchange.getProperty(COUNTED_PROPERTY) != null) {
            return;
        }
        exchange.setProperty(COUNTED_PROPERTY, Boolean.TRUE);
        Long started = exchange.getProperty(ContractValidationProcessor.STARTED_PROPERTY, Long.class);
        metrics.recordMessage(mapping, verdict, started == null ? -1 : System.nanoTime() - started);
    }
}
