package io.contractgate.influx;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.Verdict;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel adapter (bean {@code storeInflux}) placed after the MQTT publish: converts the checked message to a point and
 * hands it to the camel-influxdb2 producer, whose WriteApi batches it asynchronously (it never blocks on the server).
 * When the Influx path is off it does nothing. It owns the producer and the client: stopping it flushes the buffer.
 */
public class StoreInfluxProcessor extends ServiceSupport implements Processor {

    /** Set once the message was handed to the writer, so the error handler does not store it twice. */
    public static final String STORED_PROPERTY = "contractgate.stored";

    private final CamelContext context;
    private final String endpointUri;
    private final PointMapper mapper;
    private final InfluxWriteStats stats;
    private final AutoCloseable client;
    private Producer producer;

    /** The Influx path off: a no-op. */
    public StoreInfluxProcessor() {
        this(null, null, null, null, null);
    }

    public StoreInfluxProcessor(CamelContext context, String endpointUri, PointMapper mapper, InfluxWriteStats stats,
                                AutoCloseable client) {
        this.context = context;
        this.endpointUri = endpointUri;
        this.mapper = mapper;
        this.stats = stats;
        this.client = client;
    }

    @Override
    protected void doStart() throws Exception {
        if (endpointUri != null) {
            Endpoint endpoint = context.getEndpoint(endpointUri);
            producer = endpoint.createProducer();
            ServiceHelper.startService(producer);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // routes are stopped before services, so nothing writes any more: stop the producer, then close the client,
        // which flushes what is still buffered (and waits for it)
        ServiceHelper.stopService(producer);
        producer = null;
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (producer == null || exchange.getProperty(STORED_PROPERTY) != null) {
            return;
        }
        Verdict verdict = exchange.getProperty(ContractValidationProcessor.VERDICT_PROPERTY, Verdict.class);
        if (verdict == null) {
            return;
        }
        exchange.setProperty(STORED_PROPERTY, Boolean.TRUE);
        long nowNanos = currentEpochNanos();
        Long started = exchange.getProperty(ContractValidationProcessor.STARTED_PROPERTY, Long.class);
        long received = started == null ? nowNanos : nowNanos - (System.nanoTime() - started);
        Message in = exchange.getMessage();
        Object body = in.getBody();
        in.setBody(mapper.toPoint(exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class),
                exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class), verdict,
                exchange.getProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, byte[].class), received));
        try {
            producer.process(exchange); // WriteApi.writePoint: queues the point, returns at once
            Exception refused = exchange.getException();
            if (refused == null) {
                stats.accepted();
            } else {
                // the writer refused the point (closed at shutdown): count it, but the MQTT side went fine, so the
                // exchange must not turn into a publish failure
                exchange.setException(null);
                stats.refused(refused);
            }
        } finally {
            in.setBody(body);
        }
    }

    private static long currentEpochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
