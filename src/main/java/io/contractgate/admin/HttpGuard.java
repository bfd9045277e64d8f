package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Vert.x handler in front of the admin API (and any page that registers it): the cross-site checks of
 * {@link CrossSiteCheck}, authentication with the admin/viewer roles (HTTP Basic for API clients, the
 * {@link Sessions} cookie for the web pages, which sign in at {@code POST /api/session} and out with
 * {@code DELETE /api/session}; wrong passwords counted by {@link SignInThrottle}, which answers 429 past its limits),
 * and the request body size limit. It runs before the body is read. Passes the
 * authenticated user on in the {@value #USER_HEADER} request header (a client-sent value is replaced). A 401 never
 * carries a {@code WWW-Authenticate} challenge, so browsers never cache Basic credentials for this origin.
 * <p>Longer than ~250 lines on purpose: every request crosses these checks in this one order (cross-site, sign-in,
 * role, body size, counted chunked bodies; then, once the body is read, UTF-8 bodies), and a reviewer of the security
 * boundary should find it in one file; the decisions themselves are in {@link CrossSiteCheck}, {@link AccessControl},
 * {@link Sessions} and {@link BodyEncoding}.
 */
public final class HttpGuard implements Handler<RoutingContext> {

    public static final String USER_HEADER = "ContractGate-User";
    /** The authenticated user's role ({@code admin} or {@code viewer}), passed on like {@link #USER_HEADER}. */
    public static final String ROLE_HEADER = "ContractGate-Role";
    /**
     * The routing-context key of the session token a request signed in with (absent for HTTP Basic), for handlers
     * that keep answering after the request was checked (the event stream).
     */
    public static final String SESSION_TOKEN = "contractgate.session";
    /** Vert.x route order: before every platform-http route. */
    public static final int ORDER = -1000;

    private final AccessControl access;
    private final SignInThrottle throttle;
    private final long maxBodyBytes;
    private final java.util.function.BooleanSupplier ready;
    private final Sessions sessions = new Sessions();
    /** The sign-in path, answered here (not by a route) because it sets the session cookie. */
    public static final String SESSION_PATH = "/api/session";
    private static final int MAX_SIGN_IN_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    public HttpGuard(AccessControl access, SignInThrottle throttle, long maxBodyBytes) {
        this(access, throttle, maxBodyBytes, () -> true);
    }

    /**
     * @param ready false while the gateway is still starting its routes: changes are refused with 503 then, because
     *              a route reloaded in the middle of start-up is not created (seen as a failed enable right after start)
     */
    public HttpGuard(AccessControl access, SignInThrottle throttle, long maxBodyBytes,
                     java.util.function.BooleanSupplier ready) {
        this.access = access;
        this.throttle = throttle;
        this.maxBodyBytes = maxBodyBytes;
        this.ready = ready;
    }

    @Override
    public void handle(RoutingContext ctx) {
        check(ctx, ctx.request().method().name(), true);
    }

    public Sessions sessions() {
        return sessions;
    }

    /**
     * The same checks for a path where every request needs the admin role, whatever its method (Jolokia: its reads
     * still show every MBean, so viewers are kept out).
     */
    public Handler<RoutingContext> adminOnly() {
        return ctx -> check(ctx, "POST", false);
    }

    private void check(RoutingContext ctx, String treatAsMethod, boolean bodyRules) {
        HttpServerRequest req = ctx.request();
        req.headers().remove(USER_HEADER);
        req.headers().remove(ROLE_HEADER);
        String method = req.method().name();
        CrossSiteCheck.Refusal refusal = CrossSiteCheck.check(method, ownOrigin(req), req.getHeader("Origin"),
                req.getHeader("Sec-Fetch-Site"), req.getHeader(HttpHeaders.CONTENT_TYPE), hasBody(req),
                req.getHeader(CrossSiteCheck.REQUESTED_BY), bodyRules);
        if (refusal != null) {
            fail(ctx, refusal.status(), refusal.message());
            return;
        }
        if (bodyRules && SESSION_PATH.equals(ctx.normalizedPath()) && !AccessControl.isRead(method)) {
            if ("POST".equals(method)) {
                signIn(ctx);
            } else {
                signOut(ctx);
            }
            return;
        }
        AccessControl.Decision d = decide(ctx, treatAsMethod);
        if (d == null) {
            return; // answered 429
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
                closeAfterAnswer(ctx);
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
        req.headers().set(ROLE_HEADER, d.role().name().toLowerCase(java.util.Locale.ROOT));
        ctx.next();
    }

    /** 421 for a request naming a host this server does not answer to ({@link HostCheck}: DNS rebinding). */
    public static Handler<RoutingContext> hostCheck(HostCheck hosts) {
        return ctx -> {
            io.vertx.core.net.HostAndPort authority = ctx.request().authority();
            if (hosts.allows(authority == null ? null : authority.host())) {
                ctx.next();
            } else {
                fail(ctx, 421, "this gateway does not answer to that host name (" + HostCheck.KEY + ")");
            }
        };
    }

    /**
     * A plain HTTP Basic check, for paths a machine reads (the /metrics scrape): no cookie, no challenge; wrong
     * credentials are counted in {@code throttle} like the API's.
     */
    public static Handler<RoutingContext> basicOnly(AccessControl access, SignInThrottle throttle) {
        return ctx -> {
            AccessControl.Decision d = basic(ctx, access, throttle, "GET");
            if (d == null) {
                return;
            }
            if (d.status() != 0) {
                fail(ctx, 401, d.message());
                return;
            }
            ctx.next();
        };
    }

    /** The decision for a request: its session when it has no Authorization header, else its Basic credential. */
    private AccessControl.Decision decide(RoutingContext ctx, String method) {
        HttpServerRequest req = ctx.request();
        if (req.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            Cookie cookie = req.getCookie(Sessions.COOKIE);
            var session = sessions.find(cookie == null ? null : cookie.getValue());
            if (session.isPresent()) {
                ctx.put(SESSION_TOKEN, cookie.getValue());
                return access.decideSession(method, session.get());
            }
        }
        return basic(ctx, access, throttle, method);
    }

    /**
     * The decision for a request's Authorization header, counted in the throttle when it carried a credential; null
     * when the request was answered 429 (too many failures of its address or user name: the password is not checked).
     */
    private static AccessControl.Decision basic(RoutingContext ctx, AccessControl access, SignInThrottle throttle,
                                                String method) {
        String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return access.decide(method, authorization); // no password guessed: nothing to count
        }
        String address = ClientAddress.of(ctx);
        String user = AccessControl.basicUser(authorization);
        if (throttled(ctx, throttle, address, user)) {
            return null;
        }
        AccessControl.Decision d = access.decide(method, authorization);
        counted(throttle, d, address, user);
        return d;
    }

    /** Answers 429 with Retry-After when the address or user name has too many failures; whether it did. */
    private static boolean throttled(RoutingContext ctx, SignInThrottle throttle, String address, String user) {
        long seconds = throttle.retryAfterSeconds(address, user);
        if (seconds <= 0) {
            return false;
        }
        ctx.response().putHeader("Retry-After", Long.toString(seconds));
        fail(ctx, 429, "too many failed sign-ins from this address or with this user name; retry in " + seconds + " s");
        return true;
    }

    /**
     * A wrong credential counts as a failure; a right one (a viewer's write refused with 403 included) clears the user
     * name's failures.
     */
    private static void counted(SignInThrottle throttle, AccessControl.Decision d, String address, String user) {
        if (d.status() == 401) {
            throttle.failed(address, user);
        } else {
            throttle.succeeded(user);
        }
    }

    /**
     * POST /api/session {"username","password"}, or {"kioskToken"} for a wall screen (viewer role): checks them and
     * sets the session cookie. The token is read from the body only, never from the URL, so it reaches no log.
     */
    private void signIn(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        long length = contentLength(req);
        if (length < 0 || length > MAX_SIGN_IN_BYTES) {
            fail(ctx, length < 0 ? 411 : 413, "sign in with a JSON body of at most " + MAX_SIGN_IN_BYTES
                    + " bytes and a Content-Length: {\"username\": ..., \"password\": ...}");
            return;
        }
        req.body().onComplete(ar -> {
            if (ar.failed()) {
                fail(ctx, 400, "could not read the sign-in body");
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(ar.result().getBytes());
            } catch (java.io.IOException e) {
                body = null;
            }
            boolean kiosk = body != null && body.path("kioskToken").isTextual();
            if (body == null || !kiosk && (!body.path("username").isTextual() || !body.path("password").isTextual())) {
                fail(ctx, 400, "sign in with a JSON body {\"username\": ..., \"password\": ...}");
                return;
            }
            String address = ClientAddress.of(ctx);
            String user = kiosk ? AccessControl.KIOSK_USER : body.get("username").textValue();
            if (throttled(ctx, throttle, address, user)) {
                return;
            }
            AccessControl.Decision d = kiosk ? access.kiosk(body.get("kioskToken").textValue())
                    : access.authenticate("GET", user, body.get("password").textValue());
            counted(throttle, d, address, user);
            if (d.status() != 0) {
                fail(ctx, 401, d.message());
                return;
            }
            String token = sessions.open(d.user(), d.role());
            ctx.response().addCookie(sessionCookie(token, req.isSSL()).setMaxAge(Sessions.IDLE.toSeconds()));
            reply(ctx, 200, Map.of("user", d.user(), "role", d.role().name().toLowerCase()));
        });
        req.resume();
    }

    /** DELETE /api/session: ends the session and clears the cookie. */
    private void signOut(RoutingContext ctx) {
        Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
        if (cookie != null) {
            sessions.close(cookie.getValue());
        }
        ctx.response().addCookie(sessionCookie("", ctx.request().isSSL()).setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    private static Cookie sessionCookie(String value, boolean tls) {
        return Cookie.cookie(Sessions.COOKIE, value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(tls);
    }

    /** This server's origin as the client addressed it: what a same-origin page's Origin header holds. */
    private static String ownOrigin(HttpServerRequest req) {
        // authority(): the Host header in HTTP/1.1, the :authority pseudo-header in HTTP/2 (h2c upgrades drop Host)
        io.vertx.core.net.HostAndPort authority = req.authority();
        String host = authority == null ? req.getHeader(HttpHeaders.HOST)
                : authority.host() + (authority.port() >= 0 ? ":" + authority.port() : "");
        return (req.isSSL() ? "https" : "http") + "://" + (host == null ? "" : host);
    }

    /**
     * The size limit for a body sent without a declared length (chunked), whose size is only known while it is read:
     * reads it, up to admin.max-body-bytes, before the REST binding does, and answers 413 beyond (declared lengths
     * are refused in {@link #handle} before anything is read). Installed right after the guard; the HTTP server's own
     * body reading then finds the body already read.
     */
    public Handler<RoutingContext> chunkedBodyLimit() {
        io.vertx.ext.web.handler.BodyHandler read = io.vertx.ext.web.handler.BodyHandler.create(false)
                .setBodyLimit(maxBodyBytes);
        return ctx -> {
            if (ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH) == null && hasBody(ctx.request())) {
                read.handle(ctx);
            } else {
                ctx.next();
            }
        };
    }

    /**
     * 400 naming the body when a changing API request's body is not UTF-8 ({@link BodyEncoding}), before the REST
     * binding reads it as text with U+FFFD in place of the bad bytes. It runs in each platform-http route between
     * the server's body reading and the Camel consumer (a handler of the platform-http engine), so the body has been
     * read once, by the server, within camel.server.max-body-size and admin.max-body-bytes.
     */
    public static Handler<RoutingContext> utf8Bodies() {
        return ctx -> {
            io.vertx.core.buffer.Buffer body = ctx.body().buffer();
            if (body != null && BodyEncoding.checked(ctx.request().method().name(), ctx.normalizedPath())) {
                long bad = BodyEncoding.firstInvalidByte(body.getBytes());
                if (bad >= 0) {
                    RestErrors.Answer a = RestErrors.notUtf8(bad);
                    reply(ctx, a.status(), a.body());
                    return;
                }
            }
            ctx.next();
        };
    }

    /** The answer when {@link #chunkedBodyLimit} stopped reading: 413 in the API's error shape. */
    public Handler<RoutingContext> bodyTooLarge() {
        return ctx -> {
            if (ctx.statusCode() == 413 && !ctx.response().ended()) {
                closeAfterAnswer(ctx);
                fail(ctx, 413, "request body is larger than " + maxBodyBytes + " bytes (admin.max-body-bytes)");
            } else {
                ctx.next();
            }
        };
    }

    /**
     * An HTTP/1.x connection is closed after a refused body (the rest of it is not read). HTTP/2 forbids the
     * {@code Connection} header (clients reset the stream as malformed, so the 413 never arrived): there the
     * connection stays open for its other streams.
     */
    private static void closeAfterAnswer(RoutingContext ctx) {
        if (ctx.request().version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
    }

    private static boolean hasBody(HttpServerRequest req) {
        return contentLength(req) > 0 || req.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
    }

    /** The Content-Length, 0 when absent on a request that is not chunked, -1 when unknown or malformed. */
    private static long contentLength(HttpServerRequest req) {
        String length = req.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return req.getHeader(HttpHeaders.TRANSFER_ENCODING) == null ? 0 : -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The last route under /api: a request no endpoint took gets the API's JSON error instead of Vert.x's HTML page,
     * 405 with {@code Allow} when the path exists for other verbs, else 404 ({@link RestErrors#unmatched}). The
     * endpoints are read from {@code routes} (the router's own list) at each such request: the admin API adds some.
     */
    static Handler<RoutingContext> unmatched(Supplier<List<Route>> routes) {
        return ctx -> {
            Map<String, Set<String>> endpoints = new LinkedHashMap<>();
            for (Route r : routes.get()) {
                if (r.getPath() != null && r.isExactPath() && r.methods() != null) {
                    Set<String> verbs = endpoints.computeIfAbsent(r.getPath(), p -> new TreeSet<>());
                    r.methods().forEach(m -> verbs.add(m.name()));
                }
            }
            // the path as the router matched it (dot segments resolved), not the raw one
            String path = ctx.normalizedPath();
            RestErrors.Answer a = RestErrors.unmatched(ctx.request().method().name(), path, endpoints);
            if (a.status() == 405) {
                ctx.response().putHeader(HttpHeaders.ALLOW, String.join(", ", RestErrors.allowed(path, endpoints)));
            }
            reply(ctx, a.status(), a.body());
        };
    }

    private static void reply(RoutingContext ctx, int status, Object body) {
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The refusal as {@code {"error": message}}; the message may quote request headers (Origin, Sec-Fetch-Site). */
    private static void fail(RoutingContext ctx, int status, String message) {
        reply(ctx, status, Map.of("error", message));
    }
}
