package io.contractgate.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HEAD answered through its own GET, on a real Vert.x server whose GET never answers: the HEADs waiting for a GET
 * are bounded, and one past the bound gets 503 at once instead of piling up in memory.
 */
class HeadAsGetIT {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void headsWaitingForASlowGetAreBoundedAndTheNextIsA503() throws Exception {
        Router router = Router.router(vertx);
        router.route().method(HttpMethod.HEAD).handler(new HeadAsGet(vertx));
        router.get("/slow").handler(ctx -> { }); // never answers
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();

        HttpClient client = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(200));
        List<Future<Integer>> slow = new ArrayList<>();
        int heads = HeadAsGet.RUNNING + HeadAsGet.WAITING + 10;
        for (int i = 0; i < heads; i++) {
            slow.add(client.request(new RequestOptions().setMethod(HttpMethod.HEAD).setHost("127.0.0.1").setPort(port)
                            .setURI("/slow"))
                    .compose(r -> r.send()).map(HttpClientResponse::statusCode));
        }
        // at most RUNNING + WAITING HEADs are held for the slow GETs; the others are answered 503 without waiting
        int held = HeadAsGet.RUNNING + HeadAsGet.WAITING;
        await().atMost(Duration.ofSeconds(20)).until(() -> slow.stream().filter(Future::isComplete).count() >= heads - held);
        assertThat(slow.stream().filter(Future::isComplete).map(Future::result).toList()).containsOnly(503);
    }

    @Test
    void theGetOfAHeadIsCountedByTheHeadClientsAddressAndAClientCannotNameItsOwn() throws Exception {
        ClientAddress clients = new ClientAddress();
        Router router = Router.router(vertx);
        router.route().method(HttpMethod.HEAD).order(-2).handler(new HeadAsGet(vertx, clients));
        router.route().order(-1).handler(clients.handler());
        router.get("/who").handler(ctx -> ctx.response().putHeader("X-Client", ClientAddress.of(ctx)).end("seen"));
        HttpServer server = vertx.createHttpServer().requestHandler(router);
        int port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
                .actualPort();

        // the client connects from 127.0.0.2; the HEAD's GET reaches the server from 127.0.0.1, the server itself
        assertThat(clientHeader(port, "HEAD /who HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .isEqualTo("127.0.0.2");
        assertThat(clientHeader(port, "GET /who HTTP/1.1\r\nHost: 127.0.0.1\r\n" + ClientAddress.HEADER
                + ": 00 10.9.9.9\r\nConnection: close\r\n\r\n")).as("a client-sent address is ignored")
                .isEqualTo("127.0.0.2");
        assertThat(clientHeader(port, "HEAD /who HTTP/1.1\r\nHost: 127.0.0.1\r\n" + ClientAddress.HEADER
                + ": 00 10.9.9.9\r\nConnection: close\r\n\r\n")).isEqualTo("127.0.0.2");
    }

    /** The X-Client header of the answer to {@code request}, sent from 127.0.0.2. */
    private static String clientHeader(int port, String request) throws Exception {
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), port,
                java.net.InetAddress.getByName("127.0.0.2"), 0)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
            return answer.lines().filter(l -> l.regionMatches(true, 0, "X-Client:", 0, 9))
                    .map(l -> l.substring(9).trim()).findFirst().orElse(answer);
        }
    }
}
