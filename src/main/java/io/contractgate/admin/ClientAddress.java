package io.contractgate.admin;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The address a request came from, which sign-in failures are counted by ({@link SignInThrottle}): the connection's
 * peer, except for the GET that {@link HeadAsGet} sends this server for a client's HEAD, whose peer is the server
 * itself. That GET carries the HEAD client's address in {@value #HEADER}, with a random secret of this run that never
 * leaves the process; the header is taken off every request, and one without the secret is ignored, so a client
 * cannot name its own address.
 */
public final class ClientAddress {

    static final String HEADER = "ContractGate-Client";
    private static final String KEY = ClientAddress.class.getName();

    private final String secret;

    public ClientAddress() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        secret = HexFormat.of().formatHex(b);
    }

    /** The {@value #HEADER} value for the GET a HEAD of this request becomes. */
    String forwardedFor(HttpServerRequest req) {
        return secret + " " + peer(req);
    }

    /** Every path, first: takes the header off and remembers the request's client address for {@link #of}. */
    public Handler<RoutingContext> handler() {
        return ctx -> {
            HttpServerRequest req = ctx.request();
            String forwarded = req.getHeader(HEADER);
            req.headers().remove(HEADER);
            String address = peer(req);
            int space = forwarded == null ? -1 : forwarded.indexOf(' ');
            if (space > 0 && MessageDigest.isEqual(secret.getBytes(StandardCharsets.US_ASCII),
                    forwarded.substring(0, space).getBytes(StandardCharsets.US_ASCII))) {
                address = forwarded.substring(space + 1);
            }
            ctx.put(KEY, address);
            ctx.next();
        };
    }

    /** The client address {@link #handler} found, else the connection's peer. */
    public static String of(RoutingContext ctx) {
        String address = ctx.get(KEY);
        return address != null ? address : peer(ctx.request());
    }

    private static String peer(HttpServerRequest req) {
        SocketAddress remote = req.remoteAddress();
        return remote == null ? null : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }
}
