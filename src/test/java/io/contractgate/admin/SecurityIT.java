package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.contractgate.testing.Commands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue #13 against the real gateway: no fetches from contracts, no cross-site changes, session cookies for the pages,
 * no Basic challenge, Jolokia hiding the JVM's arguments, /metrics credentials, loopback by default, HTTPS.
 */
class SecurityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String BASIC = "Basic " + Base64.getEncoder().encodeToString(
            (GatewayRunner.ADMIN + ":" + GatewayRunner.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @TempDir
    static Path tmp;
    static GatewayRunner app;
    static AdminHttp admin;
    static String base;

    /** Everything the gateways of this class log, checked for secrets at the end. */
    static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOG =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    static void boot() throws Exception {
        LOG.start();
        rootLogger().addAppender(LOG);
        app = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp.resolve("gw")), Map.of());
        admin = app.admin();
        base = "http://127.0.0.1:" + app.httpPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        rootLogger().detachAppender(LOG);
        // the start-up summary lists every property: secrets must be masked there too
        List<String> lines = new ArrayList<>(LOG.list).stream().map(e -> e.getFormattedMessage()).toList();
        assertThat(lines).as("log lines").isNotEmpty();
        for (String secret : List.of(GatewayRunner.ADMIN_PASSWORD, GatewayRunner.VIEWER_PASSWORD, "scrape-secret", "tls-secret")) {
            assertThat(lines).as("no log line shows " + secret).noneMatch(l -> l != null && l.contains(secret));
        }
    }

    private static ch.qos.logback.classic.Logger rootLogger() {
        return (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static HttpResponse<String> send(String method, String path, String body, Map<String, String> headers) {
        return send(CLIENT, base, method, path, body, headers);
    }

    private static HttpResponse<String> send(HttpClient client, String root, String method, String path, String body,
                                             Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        return AdminHttp.json(r);
    }

    private boolean sensor2Started() {
        return app.context().getRouteController().getRouteStatus("mapping-sensor2").isStarted();
    }

    // ------------------------------------------------------------------ 1. no fetches from contracts

    @Test
    void dryRunOfAFileReferenceAnswers400NamingItWithoutReadingTheFile() throws Exception {
        Path secret = tmp.resolve("secret.json");
        Files.writeString(secret, "{\"const\":\"do-not-leak-me\"}");
        for (String ref : new String[] {"file:///etc/hostname", secret.toUri().toString()}) {
            HttpResponse<String> r = admin.post("/api/contracts/test",
                    "{\"schema\":{\"$ref\":\"" + ref + "\"},\"payload\":{\"a\":1}}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).contains("reference '" + ref + "' is not allowed");
            assertThat(r.body()).doesNotContain("do-not-leak-me");
        }
    }

    @Test
    void httpReferencesInSavedOrDryRunContractsSendNoRequest() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] b = "{\"const\":\"fetched\"}".getBytes();
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpResponse<String> save = admin.put("/api/contracts/ssrf",
                    "{\"$id\":\"urn:contract-gateway:contract:ssrf\",\"title\":\"t\",\"description\":\"d\","
                            + "\"properties\":{\"a\":{\"$ref\":\"" + url + "/a.json\"}}}");
            assertThat(save.statusCode()).as(save.body()).isEqualTo(400);
            assertThat(json(save).path("error").asText()).contains(url + "/a.json");
            HttpResponse<String> meta = admin.post("/api/contracts/test",
                    "{\"schema\":{\"$schema\":\"" + url + "/meta\"},\"payload\":{}}");
            assertThat(meta.statusCode()).as(meta.body()).isEqualTo(400);
            HttpResponse<String> relative = admin.post("/api/contracts/test",
                    "{\"schema\":{\"$id\":\"" + url + "/x/\",\"$ref\":\"y.json\"},\"payload\":{}}");
            assertThat(relative.statusCode()).as(relative.body()).isEqualTo(400);
            assertThat(json(relative).path("error").asText()).contains(url + "/x/y.json");
        } finally {
            server.stop(0);
        }
        assertThat(requests).hasValue(0);
        assertThat(admin.get("/api/contracts/ssrf").statusCode()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ 3. linear-time patterns

    @Test
    void catastrophicPatternMessageIsHandledWellUnderASecondAndUnrunnablePatternsAreRefused() {
        String schema = "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}";
        String payload = "{\"s\":\"" + "a".repeat(120 * 1024) + "!\"}";
        long t0 = System.nanoTime();
        HttpResponse<String> r = admin.post("/api/contracts/test",
                "{\"schema\":" + schema + ",\"payload\":" + JSON.valueToTree(payload) + "}");
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("verdict").asText()).isEqualTo("failed");
        assertThat(json(r).path("report").toString()).contains("pattern_mismatch");
        assertThat(millis).as("safety net only; bench/jmh.sh CatastrophicPattern measures it").isLessThan(5000);

        HttpResponse<String> back = admin.post("/api/contracts/test",
                "{\"schema\":{\"properties\":{\"s\":{\"pattern\":\"^(a)\\\\1$\"}}},\"payload\":{}}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(400);
        assertThat(json(back).path("error").asText()).contains("pattern '^(a)\\1$' uses a backreference");
    }

    // ------------------------------------------------------------------ 2. CSRF, sessions, no Basic challenge

    @Test
    void crossSiteChangesAreRefusedAndChangeNothing() {
        assertThat(sensor2Started()).isTrue();
        HttpResponse<String> evil = send("POST", "/api/mappings/sensor2/disable", "x", Map.of(
                "Authorization", BASIC, "Origin", "http://evil.example", "Content-Type", "text/plain"));
        assertThat(evil.statusCode()).as(evil.body()).isEqualTo(403);
        assertThat(json(evil).path("error").asText()).contains("cross-site");
        HttpResponse<String> fetchSite = send("POST", "/api/mappings/sensor2/disable", null, Map.of(
                "Authorization", BASIC, "Sec-Fetch-Site", "cross-site", "X-Requested-By", "x"));
        assertThat(fetchSite.statusCode()).isEqualTo(403);
        HttpResponse<String> sameSite = send("POST", "/api/mappings/sensor2/disable", null, Map.of(
                "Authorization", BASIC, "Sec-Fetch-Site", "same-site", "X-Requested-By", "x"));
        assertThat(sameSite.statusCode()).as("another port of the same host is another origin").isEqualTo(403);
        HttpResponse<String> textBody = send("POST", "/api/mappings/sensor2/disable", "x", Map.of(
                "Authorization", BASIC, "Content-Type", "text/plain"));
        assertThat(textBody.statusCode()).isEqualTo(415);
        HttpResponse<String> form = send("POST", "/api/contracts/test", "schema=x", Map.of(
                "Authorization", BASIC, "Content-Type", "application/x-www-form-urlencoded"));
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> bare = send("POST", "/api/mappings/sensor2/disable", null, Map.of("Authorization", BASIC));
        assertThat(bare.statusCode()).isEqualTo(403);
        assertThat(json(bare).path("error").asText()).contains("X-Requested-By");
        assertThat(sensor2Started()).as("nothing changed").isTrue();

        // the same change from this origin, or from an API client with the header, goes through
        HttpResponse<String> ok = send("POST", "/api/mappings/sensor2/disable", null, Map.of(
                "Authorization", BASIC, "X-Requested-By", "test", "Origin", base, "Sec-Fetch-Site", "same-origin"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> back = send("POST", "/api/mappings/sensor2/enable", null, Map.of(
                "Authorization", BASIC, "X-Requested-By", "test"));
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    }

    @Test
    void aRefusalThatQuotesARequestHeaderIsStillJson() {
        // a tab is a legal header value character; written raw into the JSON string it made the answer unparseable
        HttpResponse<String> r = send("POST", "/api/mappings/sensor2/disable", "{}", Map.of(
                "Authorization", BASIC, "Origin", "http://evil.example\t\"x\\", "Content-Type", "application/json"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(json(r).path("error").asText()).contains("http://evil.example\t\"x\\");
        assertThat(sensor2Started()).isTrue();
    }

    // ------------------------------------------------------------------ 2b. response headers

    @Test
    void theApiCopiesNoRequestHeaderOrQueryParameterIntoItsAnswers() {
        // the generated OpenAPI document's route answered with every request header and query parameter as a header:
        // a link could set a cookie, a Location or lift the framing ban
        for (String path : List.of("/api/openapi.json", "/api/mappings", "/api/contracts/sensor1", "/api/nope")) {
            HttpResponse<String> r = send("GET", path + "?Set-Cookie=cg_session%3Dplanted%3B%20Path%3D%2F"
                            + "&Location=http%3A%2F%2Fevil.example%2F&X-Frame-Options=ALLOWALL&Access-Control-Allow-Origin=*",
                    null, Map.of("Authorization", BASIC, "X-Planted", "yes", "Access-Control-Allow-Credentials", "true"));
            assertThat(r.statusCode()).as(path).isIn(200, 404);
            assertThat(r.headers().map().keySet()).as(path).noneMatch(h -> h.equalsIgnoreCase("Set-Cookie")
                    || h.equalsIgnoreCase("Location") || h.equalsIgnoreCase("X-Planted")
                    || h.toLowerCase(java.util.Locale.ROOT).startsWith("access-control-")
                    || h.equalsIgnoreCase(HttpGuard.USER_HEADER) || h.equalsIgnoreCase(HttpGuard.ROLE_HEADER));
            assertThat(r.headers().allValues("X-Frame-Options")).as(path).containsExactly("DENY");
        }
    }

    @Test
    void answersWithDataAreNeitherCachedNorSniffedNorFramed() {
        // the REST routes set Cache-Control: no-store, which Camel's HTTP header filter dropped: a signed-in user's
        // mappings, contracts and quarantined payloads were cacheable; error answers and the router's 404 had no
        // nosniff either
        Map<String, Map<String, String>> asked = new java.util.LinkedHashMap<>();
        for (String path : List.of("/api/mappings", "/api/contracts/sensor1", "/api/live", "/api/audit", "/api/asyncapi",
                "/api/openapi.json", "/api/nope", "/metrics", "/observe/health", "/observe/jolokia/version")) {
            asked.put(path, Map.of("Authorization", BASIC));
        }
        asked.put("/api/status", Map.of());
        asked.put("/no-such-page", Map.of());
        asked.forEach((path, headers) -> {
            HttpResponse<String> r = send("GET", path, null, headers);
            assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValue("default-src 'none'; frame-ancestors 'none'; sandbox");
        });
        // the pages keep their own policy and revalidation
        HttpResponse<String> page = send("GET", "/admin", null, Map.of());
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'");
    }

    @Test
    void unauthorizedAnswersCarryNoBasicChallenge() {
        for (String path : new String[] {"/api/status", "/api/session", "/observe/jolokia/version"}) {
            HttpResponse<String> r = send("GET", path, null, Map.of());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).as(path).isEmpty();
        }
    }

    @Test
    void pagesSignInToAnHttpOnlyStrictSessionCookieAndOut() {
        HttpResponse<String> wrong = send("POST", "/api/session",
                "{\"username\":\"admin\",\"password\":\"nope\"}", Map.of("Content-Type", "application/json"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> in = send("POST", "/api/session", "{\"username\":\"" + GatewayRunner.VIEWER
                + "\",\"password\":\"" + GatewayRunner.VIEWER_PASSWORD + "\"}", Map.of("Content-Type", "application/json"));
        assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
        assertThat(json(in).path("role").asText()).isEqualTo("viewer");
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(Sessions.COOKIE + "=").containsIgnoringCase("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<String> read = send("GET", "/api/session", null, Map.of("Cookie", cookie));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read).path("user").asText()).isEqualTo(GatewayRunner.VIEWER);
        HttpResponse<String> write = send("POST", "/api/mappings/sensor2/disable", null,
                Map.of("Cookie", cookie, "X-Requested-By", "web"));
        assertThat(write.statusCode()).as("a viewer's session is read only").isEqualTo(403);
        HttpResponse<String> crossSite = send("POST", "/api/mappings/sensor2/disable", null,
                Map.of("Cookie", cookie, "X-Requested-By", "web", "Origin", "http://evil.example"));
        assertThat(crossSite.statusCode()).isEqualTo(403);

        HttpResponse<String> out = send("DELETE", "/api/session", null, Map.of("Cookie", cookie, "X-Requested-By", "web"));
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send("GET", "/api/status", null, Map.of("Cookie", cookie)).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/status", null, Map.of("Cookie", Sessions.COOKIE + "=forged")).statusCode())
                .isEqualTo(401);
    }

    @Test
    void signingOutEndsTheSessionsOpenEventStream() throws Exception {
        HttpResponse<String> in = send("POST", "/api/session", "{\"username\":\"" + GatewayRunner.VIEWER
                + "\",\"password\":\"" + GatewayRunner.VIEWER_PASSWORD + "\"}", Map.of("Content-Type", "application/json"));
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        // the dashboard's stream: a live batch every 500 ms, with the sampled messages' payloads
        var stream = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create(base + "/api/events?types=live"))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofLines());
        var lines = stream.get(10, java.util.concurrent.TimeUnit.SECONDS).body().iterator();
        assertThat(lines.next()).isEqualTo(": connected");

        assertThat(send("DELETE", "/api/session", null, Map.of("Cookie", cookie, "X-Requested-By", "web")).statusCode())
                .isEqualTo(204);
        // before: the stream went on after the sign-out (and past the session's end), live payloads included
        var ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            int after = 0;
            while (lines.hasNext()) {
                if (lines.next().startsWith("event: live")) {
                    after++;
                }
            }
            return after;
        });
        assertThat(ended.get(10, java.util.concurrent.TimeUnit.SECONDS)).as("live batches after the sign-out")
                .isLessThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------ 4. Jolokia, metrics, loopback, TLS

    @Test
    void jolokiaRefusesTheJvmArgumentsAndSystemPropertiesButStillReadsHarmlessAttributes() {
        for (String attr : new String[] {"SystemProperties", "InputArguments"}) {
            HttpResponse<String> r = admin.get("/observe/jolokia/read/java.lang:type=Runtime/" + attr);
            assertThat(json(r).path("status").asInt()).as(r.body()).isEqualTo(403);
            assertThat(r.body()).doesNotContain("sun.java.command").doesNotContain(GatewayRunner.ADMIN_PASSWORD);
        }
        HttpResponse<String> all = admin.get("/observe/jolokia/read/java.lang:type=Runtime");
        assertThat(all.body()).doesNotContain("sun.java.command").doesNotContain(GatewayRunner.ADMIN_PASSWORD);
        HttpResponse<String> bulk = admin.post("/observe/jolokia",
                "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"},"
                        + "{\"type\":\"read\",\"mbean\":\"java.lang:*\"}]");
        assertThat(bulk.body()).doesNotContain("sun.java.command");

        HttpResponse<String> harmless = admin.get("/observe/jolokia/read/java.lang:type=Runtime/Uptime");
        assertThat(json(harmless).path("status").asInt()).as(harmless.body()).isEqualTo(200);
        assertThat(json(harmless).path("value").asLong()).isPositive();
    }

    @Test
    void metricsAreOpenByDefaultAndNeedTheMetricsCredentialWhenAPasswordIsSet() throws Exception {
        assertThat(send("GET", "/metrics", null, Map.of()).statusCode()).isEqualTo(200);
        try (GatewayRunner locked = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp.resolve("metrics")),
                Map.of("metrics.password", "scrape-secret"))) {
            String root = "http://127.0.0.1:" + locked.httpPort();
            HttpResponse<String> none = send(CLIENT, root, "GET", "/metrics", null, Map.of());
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(none.body()).doesNotContain("# TYPE");
            String auth = "Basic " + Base64.getEncoder().encodeToString("prometheus:scrape-secret".getBytes());
            HttpResponse<String> ok = send(CLIENT, root, "GET", "/metrics", null, Map.of("Authorization", auth));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("# TYPE");
        }
    }

    /** One raw HTTP/1.1 GET with this Host header (java.net.http refuses to set Host); the status line's code. */
    private int statusWithHost(String path, String host) throws Exception {
        return statusWithHost("GET", path, host);
    }

    private int statusWithHost(String method, String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", app.httpPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void aRebindingHostNameIsRefusedOnEveryPath() throws Exception {
        // a page at attacker.example whose DNS answers 127.0.0.1 sends its own name as Host
        for (String path : new String[] {"/metrics", "/observe/health", "/", "/api/status"}) {
            assertThat(statusWithHost(path, "attacker.example:" + app.httpPort())).as(path).isEqualTo(421);
        }
        assertThat(statusWithHost("/metrics", "localhost:" + app.httpPort())).isEqualTo(200);
        assertThat(statusWithHost("/metrics", "127.0.0.1:" + app.httpPort())).isEqualTo(200);
        // a HEAD is checked like its GET
        assertThat(statusWithHost("HEAD", "/metrics", "attacker.example:" + app.httpPort())).isEqualTo(421);
        assertThat(statusWithHost("HEAD", "/metrics", "localhost:" + app.httpPort())).isEqualTo(200);
    }

    @Test
    void aFreshStartListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> {
                    try {
                        return i.isUp() && !i.isLoopback();
                    } catch (Exception e) {
                        return false;
                    }
                })
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
                .findFirst();
        assumeThat(external).as("this machine has a non-loopback IPv4 address").isPresent();
        assertThatThrownBy(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(external.get(), app.httpPort()), 2000);
            }
        }).isInstanceOf(ConnectException.class);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", app.httpPort()), 2000);
        }
    }

    @Test
    void httpsIsOneSettingAndMarksTheSessionCookieSecure() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tls"));
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Commands.run(dir, keytool, "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", "server.p12", "-storepass", "tls-secret");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            trust.load(in, "tls-secret".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();

        try (GatewayRunner tls = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp.resolve("tls-gw")),
                Map.of("camel.ssl.enabled", "true",
                        "camel.ssl.keyStore", "file:" + dir.resolve("server.p12"),
                        "camel.ssl.keystorePassword", "tls-secret"))) {
            String root = "https://127.0.0.1:" + tls.httpPort();
            HttpResponse<String> status = send(https, root, "GET", "/api/status", null, Map.of("Authorization", BASIC));
            assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
            // HEAD as the GET over TLS too, with the same checks
            HttpResponse<String> head = send(https, root, "HEAD", "/api/status", null, Map.of("Authorization", BASIC));
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(send(https, root, "HEAD", "/api/status", null, Map.of()).statusCode()).isEqualTo(401);
            HttpResponse<String> in = send(https, root, "POST", "/api/session", "{\"username\":\"" + GatewayRunner.ADMIN
                    + "\",\"password\":\"" + GatewayRunner.ADMIN_PASSWORD + "\"}", Map.of("Content-Type", "application/json"));
            assertThat(in.headers().firstValue("Set-Cookie").orElseThrow()).contains("Secure").containsIgnoringCase("HttpOnly");
            assertThatThrownBy(() -> send(CLIENT, "http://127.0.0.1:" + tls.httpPort(), "GET", "/api/status", null,
                    Map.of("Authorization", BASIC))).as("no plain HTTP on the TLS port").isInstanceOf(Exception.class);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void repeatedWrongPasswordsAre429WithRetryAfterUncheckedAndTheRightOneWorksAfterTheWindow() throws Exception {
        String wrongAdmin = "guess-admin-1";
        String wrongScrape = "guess-scrape-2";
        try (GatewayRunner g = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp.resolve("throttle")), Map.of(
                "admin.sign-in.max-failures-per-address", "4", "admin.sign-in.max-failures-per-user", "2",
                "admin.sign-in.failure-window-seconds", "6", "metrics.password", "scrape-secret"))) {
            String root = "http://127.0.0.1:" + g.httpPort();
            Map<String, String> json = Map.of("Content-Type", "application/json");
            Map<String, String> admin = Map.of("Authorization", basic(GatewayRunner.ADMIN, GatewayRunner.ADMIN_PASSWORD));
            Map<String, String> viewer = Map.of("Authorization", basic(GatewayRunner.VIEWER, GatewayRunner.VIEWER_PASSWORD));
            Map<String, String> scrape = Map.of("Authorization", basic("prometheus", "scrape-secret"));
            String signIn = "{\"username\":\"" + GatewayRunner.ADMIN + "\",\"password\":\"%s\"}";
            for (int i = 0; i < 20; i++) {
                assertThat(send(CLIENT, root, "GET", "/api/status", null, admin).statusCode()).as("right ones are never slowed")
                        .isEqualTo(200);
            }

            // two wrong admin passwords (Basic, then the pages' sign-in): the user name reached its limit
            assertThat(send(CLIENT, root, "GET", "/api/status", null,
                    Map.of("Authorization", basic(GatewayRunner.ADMIN, wrongAdmin))).statusCode()).isEqualTo(401);
            assertThat(send(CLIENT, root, "POST", "/api/session", signIn.formatted(wrongAdmin), json).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> throttled = send(CLIENT, root, "GET", "/api/status", null, admin);
            assertThat(throttled.statusCode()).as("the right password, unchecked").isEqualTo(429);
            assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 6L);
            assertThat(throttled.body()).contains("retry in").doesNotContain(GatewayRunner.ADMIN_PASSWORD);
            HttpResponse<String> page = send(CLIENT, root, "POST", "/api/session",
                    signIn.formatted(GatewayRunner.ADMIN_PASSWORD), json);
            assertThat(page.statusCode()).isEqualTo(429);
            assertThat(page.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(send(CLIENT, root, "HEAD", "/api/status", null, admin).statusCode()).isEqualTo(429);
            // the address has 2 of its 4: another user signs in
            assertThat(send(CLIENT, root, "GET", "/api/status", null, viewer).statusCode()).isEqualTo(200);

            // two wrong /metrics passwords: the address reached its limit, for every user and path
            for (int i = 0; i < 2; i++) {
                assertThat(send(CLIENT, root, "GET", "/metrics", null,
                        Map.of("Authorization", basic("prometheus", wrongScrape))).statusCode()).isEqualTo(401);
            }
            assertThat(send(CLIENT, root, "GET", "/api/status", null, viewer).statusCode()).isEqualTo(429);
            assertThat(send(CLIENT, root, "GET", "/metrics", null, scrape).statusCode()).isEqualTo(429);

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(send(CLIENT, root, "GET", "/api/status", null, admin).statusCode()).isEqualTo(200));
            assertThat(send(CLIENT, root, "GET", "/api/status", null, viewer).statusCode()).isEqualTo(200);
            HttpResponse<String> metrics = send(CLIENT, root, "GET", "/metrics", null, scrape);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(GatewayRunner.sample(metrics.body(), "admin_auth_refused_total", "reason", "wrong_credentials"))
                    .isEqualTo(4.0);
            assertThat(GatewayRunner.sample(metrics.body(), "admin_auth_refused_total", "reason", "throttled"))
                    .isGreaterThanOrEqualTo(5.0);
        }
        List<String> lines = new ArrayList<>(LOG.list).stream().map(e -> e.getFormattedMessage()).toList();
        assertThat(lines).anyMatch(l -> l.contains("2 failed sign-ins for user name 'admin'"))
                .anyMatch(l -> l.contains("4 failed sign-ins for address 127.0.0.1"))
                .noneMatch(l -> l.contains(wrongAdmin) || l.contains(wrongScrape));
    }
}
