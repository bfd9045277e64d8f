package io.contractgate.metrics;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Camel adapter (bean {@code logDeliveryFailure}) for the error handler: logs an output the broker did not take at
 * ERROR, at most {@value #BURST} lines per {@value #WINDOW_SECONDS} s ({@link ThrottledLog}): a broker refusing every
 * output for two seconds at 1,000 msg/s would otherwise write 2,000 lines. Every one is counted in
 * {@code mqtt_publish_failures_total} (bean {@code countPublishFailure}, the next step).
 */
public class DeliveryFailureLogProcessor implements Processor {

    static final int BURST = 5;
    static final int WINDOW_SECONDS = 10;
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryFailureLogProcessor.class);

    private final ThrottledLog throttle = new ThrottledLog(BURST, WINDOW_SECONDS, TimeUnit.SECONDS,
            "mqtt_publish_failures_total", System::nanoTime);

    @Override
    public void process(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String line = "Could not deliver a message from " + exchange.getMessage().getHeader("CamelMqttTopic") + ": "
                + (cause == null ? "unknown cause" : cause.getMessage());
        throttle.lines(line).forEach(LOG::error);
    }
}
