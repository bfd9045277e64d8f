package io.contractgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Test helper: a java.net.http client for the admin API with Basic credentials (in-JVM and out-of-process gateways). */
public final class AdminHttp {

    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String base;
    private final String auth;

    public AdminHttp(String base, String user, String password) {
        this.base = base;
        this.auth = user == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    public HttpResponse<String> post(String path, String body) {
        return send("POST", path, body, null);
    }

    public HttpResponse<String> put(String path, String body) {
        return send("PUT", path, body, null);
    }

    public HttpResponse<String> put(String path, String body, String ifMatch) {
        return send("PUT", path, body, ifMatch);
    }

    public HttpResponse<String> delete(String path) {
        return send("DELETE", path, null, null);
    }

    public HttpResponse<String> send(String method, String path, String body, String ifMatch) {
        return send(method, path, body, ifMatch, null);
    }

    public HttpResponse<String> send(String method, String path, String body, String ifMatch, String accept) {
        return send(method, path, body, ifMatch, accept, "application/json");
    }

    /** A POST whose body is declared as {@code contentType} (e.g. application/yaml) instead of JSON. */
    public HttpResponse<String> postAs(String path, String body, String contentType) {
        return send("POST", path, body, null, null, contentType);
    }

    private HttpResponse<String> send(String method, String path, String body, String ifMatch, String accept,
                                      String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", contentType);
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        return execute(b.build());
    }

    /** Sends the body without a declared length (Transfer-Encoding: chunked). */
    public HttpResponse<String> sendChunked(String method, String path, String body) {
        return sendChunked(method, path, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends these bytes without a declared length (Transfer-Encoding: chunked). */
    public HttpResponse<String> sendChunked(String method, String path, byte[] bytes) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .version(HttpClient.Version.HTTP_1_1)
                .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .header("Content-Type", "application/json").header("Authorization", auth);
        return execute(b.build());
    }

    /** Sends these bytes as the JSON body, as they are (e.g. not UTF-8). */
    public HttpResponse<String> sendBytes(String method, String path, byte[] bytes) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/json").header("Authorization", auth);
        return execute(b.build());
    }

    private static HttpResponse<String> execute(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }
}
