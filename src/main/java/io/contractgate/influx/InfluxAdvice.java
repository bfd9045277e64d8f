package io.contractgate.influx;

import java.util.Locale;

/**
 * What an operator should do about an InfluxDB write or lookup error, as the tail of its WARN/ERROR line: the client's
 * own text ("Failed to connect to /10.0.0.5:8086", "unauthorized access") says what happened, not which setting to
 * look at. Plain Java: takes the HTTP status (0 when there was no answer) and the error's text.
 */
final class InfluxAdvice {

    private InfluxAdvice() {
    }

    /** The hint for an error with HTTP {@code status} (0: no HTTP answer) and {@code message} (may be null). */
    static String of(int status, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (status == 401 || status == 403 || m.contains("unauthorized")) {
            return "check influx.token (INFLUX_TOKEN or INFLUX_TOKEN_FILE): it needs write access to the bucket";
        }
        if (status == 404 || m.contains("not found")) {
            return "check that influx.org and influx.bucket exist on that server (the gateway never creates them)";
        }
        if (status == 413) {
            return "lower influx.batch-size";
        }
        if (status == 0 || status == 429 || status >= 500) {
            return "check that InfluxDB is up and reachable at influx.url";
        }
        return "InfluxDB's message above names what it refused";
    }

    /** {@link #of} for a throwable, with the status of the client's {@code InfluxException} when it carries one. */
    static String of(Throwable e) {
        int status = e instanceof com.influxdb.exceptions.InfluxException ie ? ie.status() : 0;
        return of(status, e.toString());
    }
}
