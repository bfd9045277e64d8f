package io.contractgate.admin;

/**
 * An admin API answer: HTTP status, body (serialised as JSON unless it is a String, which is sent as text) and an
 * optional ETag.
 */
public record Reply(int status, Object body, String etag, String contentType) {

    public static Reply ok(Object body) {
        return new Reply(200, body, null, "application/json");
    }

    public static Reply ok(Object body, String etag) {
        return new Reply(200, body, etag, "application/json");
    }

    public static Reply created(Object body, String etag) {
        return new Reply(201, body, etag, "application/json");
    }

    public static Reply text(String body, String contentType) {
        return new Reply(200, body, null, contentType);
    }
}
