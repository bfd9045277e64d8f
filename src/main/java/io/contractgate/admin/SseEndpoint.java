package io.contractgate.admin;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Server-Sent Events over Vert.x (platform-http has none): each client gets a subscription to the {@link EventHub}
 * with a bounded queue; events are written on the connection's event loop, and a client that cannot keep up is
 * disconnected. {@code ?types=a,b} selects event types (default: all). A comment line every 15 s keeps proxies from
 * closing an idle stream. A stream a page opened with its session ends when that session does (sign-out in any tab,
 * or its idle end): no event is written after it, so a signed-out screen stops showing live payloads and signs in again.
 */
public final class SseEndpoint implements io.vertx.core.Handler<RoutingContext> {

    static final long HEARTBEAT_MILLIS = 15_000;
    private final EventHub hub;
    private final Vertx vertx;
    private final Sessions sessions;

    public SseEndpoint(EventHub hub, Vertx vertx, Sessions sessions) {
        this.hub = hub;
        this.vertx = vertx;
        this.sessions = sessions;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse resp = ctx.response();
        String token = ctx.get(HttpGuard.SESSION_TOKEN);
        java.util.function.BooleanSupplier signedOut = () -> token != null && !sessions.isOpen(token);
        String typesParam = ctx.request().getParam("types");
        Set<String> types = typesParam == null || typesParam.isBlank() ? Set.of()
                : Arrays.stream(typesParam.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        java.util.List<String> known = hub.declaredTypes();
        java.util.List<String> unknown = types.stream().filter(t -> !known.contains(t)).sorted().toList();
        if (!unknown.isEmpty()) {
            // a stream that would never send anything: say so (a typo in ?types= otherwise looks like a quiet system)
            java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("error", "unknown event type" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().limit(5).map(t -> "'" + ConfigValidator.printable(t) + "'").toList())
                    + "; the types are " + String.join(", ", known));
            body.put("field", "types");
            resp.setStatusCode(400).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(io.vertx.core.buffer.Buffer.buffer(RestJson.bytes(body)));
            return;
        }
        resp.setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .putHeader("X-Accel-Buffering", "no");
        resp.write(": connected\n\n");
        Context loop = vertx.getOrCreateContext();
        EventHub.Subscription[] holder = new EventHub.Subscription[1];
        Runnable drain = new Runnable() {
            @Override
            public void run() {
                EventHub.Subscription s = holder[0];
                if (s == null || s.isClosed() || resp.closed() || resp.ended()) {
                    return;
                }
                if (signedOut.getAsBoolean()) {
                    resp.end(": signed out\n\n");
                    return;
                }
                EventHub.Event e;
                while (!resp.writeQueueFull() && (e = s.poll()) != null) {
                    resp.write(e.frame());
                }
                if (resp.writeQueueFull()) {
                    resp.drainHandler(v -> loop.runOnContext(x -> this.run()));
                }
            }
        };
        holder[0] = hub.subscribe(types, () -> loop.runOnContext(v -> drain.run()),
                () -> loop.runOnContext(v -> {
                    if (!resp.ended() && !resp.closed()) {
                        resp.end(": dropped, too slow\n\n");
                    }
                }));
        long timer = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> {
            if (resp.closed() || resp.ended()) {
                return;
            }
            if (signedOut.getAsBoolean()) {
                resp.end(": signed out\n\n");
            } else if (!resp.writeQueueFull()) {
                resp.write(": ping\n\n");
            }
        });
        resp.closeHandler(v -> {
            vertx.cancelTimer(timer);
            holder[0].close();
        });
        resp.endHandler(v -> {
            vertx.cancelTimer(timer);
            holder[0].close();
        });
    }
}
