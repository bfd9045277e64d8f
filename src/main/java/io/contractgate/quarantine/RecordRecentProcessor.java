package io.contractgate.quarantine;

import io.contractgate.contract.ContractValidationProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** Camel adapter (bean {@code recentTraffic}, on the validated path): records the message in {@link RecentTraffic}. */
public final class RecordRecentProcessor implements Processor {

    private final RecentTraffic recent;

    public RecordRecentProcessor(RecentTraffic recent) {
        this.recent = recent;
    }

    @Override
    public void process(Exchange exchange) {
        if (recent != null) {
            recent.record(exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class),
                    exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class),
                    exchange.getProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, byte[].class),
                    System.currentTimeMillis());
        }
    }
}
