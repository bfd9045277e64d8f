package io.contractgate.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Vert.x handler in front of the admin API (and any page that registers it): HTTP Basic authentication with the
 * admin/viewer roles, and the request body size limit. It runs before the body is read. Passes the authenticated
 * user on in the {@value #USER_HEADER} request header (a client-sent value is replaced).
 */
public final class HttpGuard implements Handler<RoutingContext> {

    public static final String USER_HEADER = "ContractGate-User";
    /** Vert.x route order: before every platform-http route. */
    public static final int ORDER = -1000;

    private final AccessControl access;
    private final long maxBodyBytes;
    private final java.util.function.BooleanSupplier ready;

    public HttpGuard(AccessControl access, long maxBodyBytes) {
        this(access, maxBodyBytes, () -> true);
    }

    /**
     * @param ready false while the gateway is still starting its routes: changes are refused with 503 then, because
     *              a route reloaded in the middle of start-up is not created (seen as a failed enable right after start)
     */
    public HttpGuard(AccessControl access, long maxBodyBytes, java.util.function.BooleanSupplier ready) {
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
        this.ready = ready;
    }

    @Override
    public void handle(RoutingContext ctx) {
        check(ctx, ctx.request().method().name());
    }

    /**
     * The same checks for a path where every request needs the admin role, whatever its method (Jolokia: its reads
     * still show every MBean, so viewers are kept out).
     */
    public Handler<RoutingContext> adminOnly() {
        return ctx -> check(ctx, "POST");
    }

    private void check(RoutingContext ctx, String treatAsMethod) {
        HttpServerRequest req = ctx.request();
        req.headers().remove(USER_HEADER);
        AccessControl.Decision d = access.decide(treatAsMethod, req.getHeader(HttpHeaders.AUTHORIZATION));
        if (d.status() == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"contract-gateway\", charset=\"UTF-8\"");
            fail(ctx, 401, d.message());
            return;
        }
        if (d.status() != 0) {
            fail(ctx, d.status(), d.message());
            return;
        }
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long n;
            try {
                n = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                n = Long.MAX_VALUE;
            }
            if (n > maxBodyBytes) {
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
                fail(ctx, 413, "request body is larger than " + maxBodyBytes + " bytes (admin.max-body-bytes)");
                return;
            }
        }
        if (!ready.getAsBoolean() && !"GET".equals(treatAsMethod) && !"HEAD".equals(treatAsMethod)) {
            ctx.response().putHeader("Retry-After", "1");
            fail(ctx, 503, "the gateway is still starting its routes; retry in a moment");
            return;
        }
        req.headers().set(USER_HEADER, d.user());
        ctx.next();
    }

    private static void fail(RoutingContext ctx, int status, String message) {
        String body = "{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body);
    }
}
