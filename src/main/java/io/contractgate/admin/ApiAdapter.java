package io.contractgate.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * What every REST adapter shares: reads path and query parameters, the bound request body, If-Match and the user
 * from the exchange, and puts an answer on it (status, ETag, content type; the body is written as JSON by the REST
 * binding). Errors are thrown and answered once, by routes/rest-errors.camel.yaml ({@link RestErrors}).
 */
public abstract class ApiAdapter {

    protected ApiAdapter() {
    }

    /** The answer for the REST binding to write (objects become JSON; a stream is sent as it is read). */
    protected static void reply(Exchange ex, Reply reply) {
        Message m = ex.getMessage();
        // request headers (path params, auth, ...) must not be echoed back as response headers
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        m.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        m.setHeader("Cache-Control", "no-store");
        if (reply.etag() != null) {
            m.setHeader("ETag", reply.etag());
        }
        m.setBody(reply.body());
    }

    /**
     * The answer of an endpoint that reads its request as it came (bindingMode: off): text and streams as they are,
     * anything else written as JSON here, since no binding writes it.
     */
    protected static void replyUnbound(Exchange ex, Reply reply) {
        reply(ex, reply);
        Object body = reply.body();
        if (!(body instanceof String) && !(body instanceof java.io.InputStream) && body != null) {
            ex.getMessage().setBody(RestJson.bytes(body));
        }
    }

    /** The request body the REST binding read into {@code type}; 400 when there was none. */
    protected static <T> T body(Message m, Class<T> type) {
        T body = m.getBody(type);
        if (body == null) {
            throw ApiException.badRequest("body", "the request body is empty");
        }
        return body;
    }

    /** The request body as it came (endpoints with bindingMode: off), or null. */
    protected static byte[] rawBody(Message m) {
        return m.getBody(byte[].class);
    }

    protected static String param(Message m, String name) {
        return m.getHeader(name, String.class);
    }

    /** {@code ?acceptBreak=true} or the header {@code X-Accept-Break: true}: save a change that breaks compatibility. */
    protected static boolean acceptBreak(Message m) {
        String q = m.getHeader("acceptBreak", String.class);
        String h = m.getHeader("X-Accept-Break", String.class);
        if (q != null && !q.isBlank() && !q.equalsIgnoreCase("true") && !q.equalsIgnoreCase("false")) {
            throw ApiException.badRequest("acceptBreak", "acceptBreak must be true or false");
        }
        return "true".equalsIgnoreCase(q) || "true".equalsIgnoreCase(h);
    }

    protected static String ifMatch(Message m) {
        return m.getHeader("If-Match", String.class);
    }

    protected static String user(Message m) {
        String u = m.getHeader(HttpGuard.USER_HEADER, String.class);
        return u == null ? "unknown" : u;
    }
}
