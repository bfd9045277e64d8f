package io.contractgate.influx;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.Verdict;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.support.AsyncCallbackToCompletableFutureAdapter;
import org.apache.camel.Producer;
import org.apache.camel.component.influxdb2.data.Points;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceHelper;
import com.influxdb.client.write.Point;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel adapter (bean {@code storeInflux}) placed after the MQTT publish: converts the checked message to a point and
 * hands it to the camel-influxdb2 producer, whose WriteApi batches it asynchronously (it never blocks on the server).
 * Points are handed over in small groups ({@value #HANDOFF_POINTS} points, or whatever is pending every
 * {@value #HANDOFF_MILLIS} ms): the client's per-call reactive pipeline cost more than the point itself when called
 * once per message. When the Influx path is off it does nothing. It owns the producer and the client: stopping it
 * hands over what is pending and flushes the buffer.
 */
public class StoreInfluxProcessor extends ServiceSupport implements AsyncProcessor {

    /** Set once the message was handed to the writer, so the error handler does not store it twice. */
    public static final String STORED_PROPERTY = "contractgate.stored";

    private final CamelContext context;
    private final String endpointUri;
    private final PointMapper mapper;
    private final InfluxWriteStats stats;
    private final AutoCloseable client;
    private volatile Producer producer;
    /** With influx.required=true: the writer whose acceptance completes the exchange; else null. */
    private final RequiredInfluxWriter required;

    /** Points handed to the writer at once. */
    static final int HANDOFF_POINTS = 100;
    /** Longest a point waits for its group, in milliseconds. */
    static final long HANDOFF_MILLIS = 50;
    private final Object lock = new Object();
    private List<Point> pending = new ArrayList<>(HANDOFF_POINTS);
    private ScheduledExecutorService timer;

    /** The Influx path off: a no-op. */
    public StoreInfluxProcessor() {
        this(null, null, null, null, null, null);
    }

    /**
     * @param required with influx.required=true, the writer that completes each exchange once its point is written
     *                 (the message is acknowledged to the broker only then); null for the asynchronous batching path
     */
    public StoreInfluxProcessor(CamelContext context, String endpointUri, PointMapper mapper, InfluxWriteStats stats,
                                AutoCloseable client, RequiredInfluxWriter required) {
        this.required = required;
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
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "influx-handoff");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::handOffPending, HANDOFF_MILLIS, HANDOFF_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void doStop() throws Exception {
        // routes are stopped before services, so nothing writes any more: hand over what is pending, stop the
        // producer, then close the client, which flushes what is still buffered (and waits for it)
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            timer = null;
        }
        handOffPending();
        if (required != null) {
            required.close(); // what is still waiting is reported failed: those messages stay unacknowledged
        }
        ServiceHelper.stopService(producer);
        producer = null;
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Point point = pointOf(exchange);
        if (point != null) {
            batch(point);
        }
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Point point = pointOf(exchange);
        if (point == null) {
            callback.done(true);
            return true;
        }
        if (required == null) {
            batch(point);
            callback.done(true);
            return true;
        }
        required.submit(point, failure -> {
            if (failure != null) {
                exchange.setException(failure);
            }
            callback.done(false);
        });
        return false;
    }

    @Override
    public CompletableFuture<Exchange> processAsync(Exchange exchange) {
        AsyncCallbackToCompletableFutureAdapter<Exchange> callback = new AsyncCallbackToCompletableFutureAdapter<>(exchange);
        process(exchange, callback);
        return callback.getFuture();
    }

    /** The message's point, or null when the Influx path is off or the message was stored already. */
    private Point pointOf(Exchange exchange) {
        if (producer == null || exchange.getProperty(STORED_PROPERTY) != null) {
            return null;
        }
        Verdict verdict = exchange.getProperty(ContractValidationProcessor.VERDICT_PROPERTY, Verdict.class);
        if (verdict == null) {
            return null;
        }
        exchange.setProperty(STORED_PROPERTY, Boolean.TRUE);
        long nowNanos = currentEpochNanos();
        Long started = exchange.getProperty(ContractValidationProcessor.STARTED_PROPERTY, Long.class);
        long received = started == null ? nowNanos : nowNanos - (System.nanoTime() - started);
        return mapper.toPoint(exchange.getProperty(ContractValidationProcessor.MAPPING_PROPERTY, String.class),
                exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class), verdict,
                exchange.getProperty(ContractValidationProcessor.PAYLOAD_PROPERTY, byte[].class), received);
    }

    private void batch(Point point) {
        List<Point> full = null;
        synchronized (lock) {
            pending.add(point);
            if (pending.size() >= HANDOFF_POINTS) {
                full = pending;
                pending = new ArrayList<>(HANDOFF_POINTS);
            }
        }
        stats.accepted();
        if (full != null) {
            handOff(full);
        }
    }

    private void handOffPending() {
        List<Point> group;
        synchronized (lock) {
            if (pending.isEmpty()) {
                return;
            }
            group = pending;
            pending = new ArrayList<>(HANDOFF_POINTS);
        }
        handOff(group);
    }

    /** WriteApi.writePoints through the camel-influxdb2 producer: queues the group, returns at once. */
    private void handOff(List<Point> group) {
        Producer p = producer;
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setBody(Points.create(group));
        try {
            if (p == null) {
                throw new IllegalStateException("the InfluxDB writer is stopped");
            }
            p.process(batch);
            if (batch.getException() != null) {
                throw batch.getException();
            }
        } catch (Exception refused) {
            // the writer refused the points (closed at shutdown): count them; the MQTT side went fine
            stats.refused(group.size(), refused);
        }
    }

    private static long currentEpochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
