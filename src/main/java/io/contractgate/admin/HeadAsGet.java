package io.contractgate.admin;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Set;

/**
 * HEAD wherever GET is allowed (RFC 9110 9.3.2), on every path: the gateway asks itself the same request as a GET
 * (same headers, so the same host check, sign-in and role) on the address the client reached, and answers its
 * status and headers, Content-Length included when the GET declared one, without the body. A plain re-route would
 * not do: Vert.x drops a HEAD's body over HTTP/1.1 only, and would send it over HTTP/2. A GET without a declared
 * length (the event stream, exports) is cut off once its headers are in.
 */
public final class HeadAsGet implements Handler<RoutingContext> {

    /** Request headers not forwarded: they describe this connection, not the request. */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "keep-alive", "upgrade", "http2-settings",
            "te", "transfer-encoding", "content-length", "proxy-connection", "expect");

    /** A GET that sends nothing for this long is given up (502): the HEAD does not wait forever. */
    private static final long IDLE_MILLIS = 60_000;

    /** GETs running at once; more wait in a queue of {@link #WAITING} at most, beyond which a HEAD is answered 503. */
    static final int RUNNING = 5;
    static final int WAITING = 64;

    private final HttpClient client;
    private final ClientAddress clients;

    public HeadAsGet(Vertx vertx) {
        this(vertx, new ClientAddress());
    }

    /** @param clients passes the HEAD client's address on to the GET (sign-in failures are counted by it) */
    public HeadAsGet(Vertx vertx, ClientAddress clients) {
        this.clients = clients;
        // its own server on the address the client reached: the certificate is this server's, whatever name it has
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setTrustAll(true).setVerifyHost(false),
                new PoolOptions().setHttp1MaxSize(RUNNING).setMaxWaitQueueSize(WAITING));
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        SocketAddress local = req.localAddress();
        String uri = req.uri().startsWith("/") ? req.uri() : req.path() + (req.query() == null ? "" : "?" + req.query());
        RequestOptions get = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setSsl(req.isSSL())
                .setHost(local.hostAddress() == null ? "127.0.0.1" : local.hostAddress()).setPort(local.port())
                .setIdleTimeout(IDLE_MILLIS);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        req.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                headers.add(h.getKey(), h.getValue());
            }
        });
        if (!fitsHttp1(uri, false) || headers.entries().stream()
                .anyMatch(h -> !fitsHttp1(h.getKey(), false) || !fitsHttp1(h.getValue(), true))) {
            ctx.response().setStatusCode(400).end();
            return;
        }
        HostAndPort authority = req.authority();
        if (authority != null) {
            headers.set(HttpHeaders.HOST, authority.host() + (authority.port() >= 0 ? ":" + authority.port() : ""));
        }
        headers.set(ClientAddress.HEADER, clients.forwardedFor(req));
        get.setHeaders(headers);
        client.request(get)
                .compose(r -> r.send())
                .onSuccess(r -> answer(ctx, r))
                .onFailure(e -> {
                    if (!ctx.response().ended()) {
                        // the queue of waiting GETs is full (slow answers): busy, try later; otherwise the GET failed
                        ctx.response().setStatusCode(e instanceof ConnectionPoolTooBusyException ? 503 : 502).end();
                    }
                });
    }

    /**
     * Whether an HTTP/1.1 request line (a target, {@code inHeaderValue} false) or header value can carry {@code text}
     * as it is. HTTP/2 lets a client put spaces, CR and LF in {@code :path} and header values; written into the GET,
     * they ended its line and added headers, or a whole request, of the client's choosing (a bad header value made
     * the client throw instead, and the HEAD was never answered).
     */
    static boolean fitsHttp1(String text, boolean inHeaderValue) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = inHeaderValue ? c >= 0x20 && c != 0x7f || c == '\t' : c > 0x20 && c < 0x7f;
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static void answer(RoutingContext ctx, HttpClientResponse got) {
        var resp = ctx.response();
        resp.setStatusCode(got.statusCode());
        got.headers().forEach(h -> {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!name.equals("transfer-encoding") && !name.equals("connection") && !name.equals("keep-alive")) {
                resp.headers().add(h.getKey(), h.getValue());
            }
        });
        resp.end();
        got.exceptionHandler(e -> { }); // the GET's connection closed under it: expected, see below
        if (got.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            // no declared length (API answers are sent in chunks; the event stream never ends): the headers are all
            // that was wanted, so the length is not computed by reading the body
            got.request().connection().close();
        } else {
            got.handler(b -> { }); // read and dropped, so the connection ends normally
        }
    }
}
