package io.contractgate.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What every admin REST adapter shares: reads path parameters, body, If-Match and the user from the exchange, and
 * writes the JSON answer (or a stream, sent as it is read), status and ETag. Every error becomes
 * {@code {"error": "...", "field": "..."}}.
 */
public abstract class ApiAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiAdapter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxBodyBytes;

    protected ApiAdapter(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    protected final void run(Exchange ex, Function<Message, Reply> action) {
        Message m = ex.getMessage();
        Reply reply;
        try {
            reply = action.apply(m);
        } catch (ApiException e) {
            reply = error(e.status(), e.getMessage(), e.field());
            if (e.details() != null) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = (Map<String, Object>) reply.body();
                body.put("reasons", e.details());
            }
        } catch (RuntimeException e) {
            LOG.error("Admin API {} {} failed", m.getHeader(Exchange.HTTP_METHOD), m.getHeader(Exchange.HTTP_PATH), e);
            reply = error(500, "internal error: " + CamelRouteControl.rootMessage(e), null);
        }
        // request headers (path params, auth, ...) must not be echoed back as response headers
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, reply.status());
        m.setHeader(Exchange.CONTENT_TYPE, reply.contentType());
        m.setHeader("Cache-Control", "no-store");
        if (reply.etag() != null) {
            m.setHeader("ETag", reply.etag());
        }
        if (reply.body() instanceof java.io.InputStream stream) {
            m.setBody(stream); // streamed: the HTTP layer reads it as it sends
            return;
        }
        try {
            m.setBody(reply.body() instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : JSON.writeValueAsBytes(reply.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Reply error(int status, String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return new Reply(status, body, null, "application/json");
    }

    protected final byte[] body(Message m) {
        byte[] b = m.getBody(byte[].class);
        String type = m.getHeader(Exchange.CONTENT_TYPE, String.class);
        if ((b == null || b.length == 0) && type != null && type.contains("form")) {
            // a form content type makes the HTTP layer parse the body as form fields: tell the client why it is empty
            throw new ApiException(415, "send the body with Content-Type: application/json (was " + type + ")", "Content-Type");
        }
        if (b != null && b.length > maxBodyBytes) {
            // the HTTP guard refuses declared lengths; this catches chunked bodies
            throw new ApiException(413, "request body is larger than " + maxBodyBytes + " bytes (admin.max-body-bytes)", "body");
        }
        return b;
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
