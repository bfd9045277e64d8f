package io.contractgate.admin;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The headers every answer of the HTTP port leaves with, set as its headers are written (so whatever wrote the answer:
 * a REST route, the guard's refusals, the router's own 404, Jolokia, /metrics):
 * <ul>
 * <li>no answer is sniffed, framed or cached unless it says so: {@code X-Content-Type-Options: nosniff},
 * {@code X-Frame-Options: DENY}, {@code Referrer-Policy: no-referrer}, and, where the answer set none,
 * {@code Cache-Control: no-store} (Camel's HTTP header filter drops the {@code Cache-Control} a REST route sets, so
 * authenticated API answers went out cacheable) and a CSP that lets nothing run or load
 * ({@code default-src 'none'; frame-ancestors 'none'; sandbox}; the pages keep their own);</li>
 * <li>an {@code /api} answer carries only the headers the API itself writes ({@link #API_HEADERS}): the generated
 * OpenAPI document's route copied every request header and query parameter into its answer's headers, so
 * {@code /api/openapi.json?Set-Cookie=...&Location=...} answered with those headers.</li>
 * </ul>
 * Cookies the guard sets ({@code addCookie}) are written after this runs, so they stay.
 */
public final class ResponseHeaders implements Handler<RoutingContext> {

    /** What an answer that set no policy of its own gets: nothing in it may run, load or be framed. */
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

    /**
     * The headers an /api answer may carry besides the ones set here (lower case); anything else was copied from the
     * request. The cookie the guard sets is not a header yet when this runs.
     */
    static final Set<String> API_HEADERS = Set.of("content-type", "content-length", "transfer-encoding", "connection",
            "keep-alive", "date", "vary", "content-encoding", "etag", "allow", "retry-after", "content-disposition",
            "x-accel-buffering");

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        ctx.addHeadersEndHandler(v -> apply(path, ctx.response().headers()));
        ctx.next();
    }

    /**
     * Adds the defaults {@code headers} lack; an {@code /api} answer keeps only {@link #API_HEADERS} and always gets
     * the defaults (it is never cached, framed or run, whatever the request asked for).
     */
    static void apply(String path, MultiMap headers) {
        if (path != null && (path.equals("/api") || path.startsWith("/api/"))) {
            List<String> copied = new ArrayList<>();
            for (String name : headers.names()) {
                if (!API_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    copied.add(name);
                }
            }
            copied.forEach(headers::remove);
        }
        headers.set("X-Content-Type-Options", "nosniff");
        setIfAbsent(headers, "X-Frame-Options", "DENY");
        setIfAbsent(headers, "Referrer-Policy", "no-referrer");
        setIfAbsent(headers, "Cache-Control", "no-store");
        setIfAbsent(headers, "Content-Security-Policy", API_CSP);
    }

    private static void setIfAbsent(MultiMap headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }
}
