package io.contractgate.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Vert.x adapter that serves the pages and assets {@link WebFiles} resolves, with revalidation caching (ETag,
 * {@code Cache-Control: no-cache}: a new web/ is seen at the next load) and headers that keep the pages to their own
 * origin (CSP without inline script, nosniff, no framing). Files are read off the event loop.
 */
public final class StaticWebHandler implements Handler<RoutingContext> {

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final WebFiles files;

    public StaticWebHandler(WebFiles files) {
        this.files = files;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        // the raw path, not the router's decoded and normalised one: "/assets/%2e%2e/x" must not become "/x"
        String raw = ctx.request().path();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            ctx.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
            return;
        }
        Optional<WebFiles.Resolved> found = files.resolve(raw);
        if (found.isEmpty()) {
            notFound(ctx.response());
            return;
        }
        WebFiles.Resolved r = found.get();
        ctx.vertx().executeBlocking(() -> {
            BasicFileAttributes a = Files.readAttributes(r.file(), BasicFileAttributes.class);
            byte[] body = method == HttpMethod.HEAD ? null : Files.readAllBytes(r.file());
            return new Object[]{a, body};
        }, false).onComplete(done -> {
            HttpServerResponse resp = ctx.response();
            if (done.failed()) {
                notFound(resp);
                return;
            }
            BasicFileAttributes a = (BasicFileAttributes) done.result()[0];
            byte[] body = (byte[]) done.result()[1];
            String etag = "W/\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(a.lastModifiedTime().toMillis()) + "\"";
            resp.putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            a.lastModifiedTime().toInstant().atOffset(ZoneOffset.UTC)))
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("X-Frame-Options", "DENY")
                    .putHeader("Content-Security-Policy", CSP);
            if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
                resp.setStatusCode(304).end();
                return;
            }
            resp.putHeader(HttpHeaders.CONTENT_TYPE, r.contentType());
            if (body == null) {
                resp.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(a.size())).end();
            } else {
                resp.end(io.vertx.core.buffer.Buffer.buffer(body));
            }
        });
    }

    private static void notFound(HttpServerResponse resp) {
        resp.setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .putHeader("X-Content-Type-Options", "nosniff").end("Not found\n");
    }
}
