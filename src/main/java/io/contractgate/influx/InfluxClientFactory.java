package io.contractgate.influx;

import com.influxdb.client.BucketsApi;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.OrganizationsApi;
import com.influxdb.client.WriteApi;
import com.influxdb.client.WriteOptions;
import com.influxdb.client.write.events.BackpressureEvent;
import com.influxdb.client.write.events.WriteErrorEvent;
import com.influxdb.client.write.events.WriteRetriableErrorEvent;
import com.influxdb.client.write.events.WriteSuccessEvent;
import io.reactivex.rxjava3.core.BackpressureOverflowStrategy;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Builds the InfluxDB client that camel-influxdb2 writes through. camel-influxdb2's producer calls the no-argument
 * {@code makeWriteApi()}, which would use the client's fixed defaults and hide every write error, so the client is
 * wrapped: {@code makeWriteApi()} returns a WriteApi with our batch size, flush interval, bounded buffer and retry
 * settings and with its write events wired to {@link InfluxWriteStats}; and the org/bucket lookups the endpoint makes
 * at start (GET /api/v2/orgs, /api/v2/buckets) answer "none found" instead of failing when the server is down or does
 * not implement them, so a missing InfluxDB never stops the MQTT pipeline from starting. {@code close()} flushes the
 * buffer.
 */
public final class InfluxClientFactory {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxClientFactory.class);

    /**
     * The HTTP part of each write runs here, not on the client's RxJava thread. After a successful retry the client
     * goes on sending the next batches on the retry timer's thread, which RxJava has interrupted; okio then fails
     * every following request at once with "interrupted" (not retried: influxdb-client-java issues #168, #642),
     * losing all points buffered during an outage. Writes are sequential, so one thread suffices.
     */
    private static final ExecutorService WRITE_THREAD = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "influx-write-http");
        t.setDaemon(true);
        return t;
    });

    private InfluxClientFactory() {
    }

    public static WriteOptions writeOptions(InfluxSettings s) {
        return WriteOptions.builder()
                .batchSize(s.batchSize())
                .flushInterval(s.flushIntervalMs())
                .bufferLimit(s.bufferLimit())
                .retryInterval(s.retryIntervalMs())
                .maxRetries(s.maxRetries())
                .maxRetryDelay(s.maxRetryDelayMs())
                .maxRetryTime(s.maxRetryTimeMs())
                .exponentialBase(s.exponentialBase())
                .jitterInterval(0)
                .backpressureStrategy(BackpressureOverflowStrategy.DROP_OLDEST)
                .captureBackpressureData(true) // so dropped points can be counted
                .build();
    }

    public static InfluxDBClient create(InfluxSettings s, InfluxWriteStats stats) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .addInterceptor(chain -> {
                    Request r = chain.request();
                    if (!r.url().encodedPath().endsWith("/write") || r.body() == null) {
                        return chain.proceed(r);
                    }
                    Buffer b = new Buffer();
                    r.body().writeTo(b);
                    stats.attempt(InfluxWriteStats.lines(b.readUtf8()));
                    return onWriteThread(() -> chain.proceed(r));
                });
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(s.url())
                .org(s.org())
                .bucket(s.bucket())
                .okHttpClient(http);
        if (!s.token().isEmpty()) {
            options.authenticateToken(s.token().toCharArray());
        }
        InfluxDBClient delegate = InfluxDBClientFactory.create(options.build());
        WriteOptions writeOptions = writeOptions(s);
        return (InfluxDBClient) Proxy.newProxyInstance(InfluxClientFactory.class.getClassLoader(),
                new Class<?>[]{InfluxDBClient.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("makeWriteApi") && method.getParameterCount() == 0) {
                        WriteApi api = delegate.makeWriteApi(writeOptions);
                        api.listenEvents(WriteSuccessEvent.class, stats::onSuccess);
                        api.listenEvents(WriteErrorEvent.class, stats::onError);
                        api.listenEvents(WriteRetriableErrorEvent.class, stats::onRetry);
                        api.listenEvents(BackpressureEvent.class, stats::onBackpressure);
                        return api;
                    }
                    if (name.equals("getOrganizationsApi") && method.getParameterCount() == 0) {
                        return lenient(OrganizationsApi.class, delegate.getOrganizationsApi(), "findOrganizations");
                    }
                    if (name.equals("getBucketsApi") && method.getParameterCount() == 0) {
                        return lenient(BucketsApi.class, delegate.getBucketsApi(), "findBuckets");
                    }
                    return invoke(delegate, method, args);
                });
    }

    /** Runs {@code call} on {@link #WRITE_THREAD}; a spurious interrupt of the caller is ignored (see there). */
    static Response onWriteThread(Callable<Response> call) throws IOException {
        Future<Response> f = WRITE_THREAD.submit(call);
        while (true) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                // swallowed on purpose: restoring it would fail the next request made on this thread; the request
                // itself is bounded by the HTTP timeouts, so waiting for it cannot hang
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(cause);
            }
        }
    }

    /** A view of {@code api} whose {@code lookup} method answers an empty list when the server cannot answer it. */
    private static <T> T lenient(Class<T> type, T api, String lookup) {
        InvocationHandler h = (proxy, method, args) -> {
            if (!method.getName().equals(lookup)) {
                return invoke(api, method, args);
            }
            try {
                return invoke(api, method, args);
            } catch (com.influxdb.exceptions.NotFoundException e) {
                // 404: the server has no such API (QuestDB's InfluxDB-compatible write endpoint, for one); the
                // endpoint treats this as "none found" too, and with auto-create off that is harmless
                LOG.info("InfluxDB server has no {} API (404); fine: the gateway never creates orgs or buckets",
                        lookup);
                return List.of();
            } catch (Exception e) {
                // With auto-create off the lookup only fetches ids the writes never use; writes find out themselves
                // whether the server is there, and are buffered and retried until it is.
                LOG.warn("InfluxDB {} at start did not answer ({}); continuing, writes are buffered and retried; {}",
                        lookup, e.toString(), InfluxAdvice.of(e));
                return List.of();
            }
        };
        return type.cast(Proxy.newProxyInstance(InfluxClientFactory.class.getClassLoader(), new Class<?>[]{type}, h));
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
