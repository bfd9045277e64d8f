package io.contractgate.metrics;

import io.contractgate.contract.ContractValidationProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Camel adapter (bean {@code countPublishFailure}) for the error handler: counts the output that could not be
 * published and still counts the message itself, so {@code mqtt_messages_total} matches what arrived.
 */
public class PublishFailureProcessor implements Processor {

    private final GatewayMetrics metrics;

    public PublishFailureProcessor(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        String mapping = exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class);
        metrics.recordPublishFailure(mapping == null ? GatewayMetrics.NO_SENSOR : mapping);
        RecordMetricsProcessor.record(metrics, exchange);
    }
}
