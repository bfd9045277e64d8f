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
import okio.Buffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
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
                    if (r.url().encodedPath().endsWith("/write") && r.body() != null) {
                        Buffer b = new Buffer();
                        r.body().writeTo(b);
                        stats.attempt(InfluxWriteStats.lines(b.readUtf8()));
                    }
                    return chain.proceed(r);
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

    /** A view of {@code api} whose {@code lookup} method answers an empty list when the server cannot answer it. */
    private static <T> T lenient(Class<T> type, T api, String lookup) {
        InvocationHandler h = (proxy, method, args) -> {
            if (!method.getName().equals(lookup)) {
                return invoke(api, method, args);
            }
            try {
                return invoke(api, method, args);
            } catch (Exception e) {
                // With auto-create off the lookup only fetches ids the writes never use; writes find out themselves
                // whether the server is there, and are buffered and retried until it is.
                LOG.warn("InfluxDB {} at start did not answer ({}); continuing, writes are buffered and retried",
                        lookup, e.toString());
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
