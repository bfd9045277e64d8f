package io.contractgate.web;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.Verdict;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Camel adapter (the {@code liveFeed} step of routes/publish-*.camel.yaml): hands the contract check's exchange
 * properties to the {@link LiveFeed}. The failed path's body is already the report bytes, so nothing is converted.
 */
public final class LiveFeedProcessor implements Processor {

    private final LiveFeed feed;

    public LiveFeedProcessor(LiveFeed feed) {
        this.feed = feed;
    }

    @Override
    public void process(Exchange exchange) {
        Verdict verdict = exchange.getProperty(ContractValidationProcessor.VERDICT_PROPERTY, Verdict.class);
        if (verdict == null) {
            return; // not from a mapping route
        }
        Object body = exchange.getMessage().getBody();
        feed.record(exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class),
                exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class),
                verdict,
                exchange.getProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, byte[].class),
                !verdict.valid() && body instanceof byte[] b ? b : null);
    }
}
