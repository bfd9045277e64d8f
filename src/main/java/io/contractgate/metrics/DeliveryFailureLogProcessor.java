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
        throttle.lines(printable(line)).forEach(LOG::error);
    }

    /** Longest line logged: topics come from publishers, up to 65,535 bytes, and appear twice in a line. */
    static final int MAX_LINE_CHARS = 1_000;

    /**
     * {@code line} as one log line: control characters (a publisher's topic may hold a line break, forging a log
     * line of its own) written as a backslash, u and four hex digits; cut to {@link #MAX_LINE_CHARS} ending in "…".
     */
    static String printable(String line) {
        StringBuilder out = new StringBuilder(Math.min(line.length(), MAX_LINE_CHARS) + 8);
        int i = 0;
        for (; i < line.length() && out.length() < MAX_LINE_CHARS; i++) {
            char c = line.charAt(i);
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return i < line.length() ? out.append('…').toString() : out.toString();
    }
}
