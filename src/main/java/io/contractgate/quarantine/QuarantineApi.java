package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.HttpGuard;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Camel adapter between routes/quarantine-api.camel.yaml and {@link QuarantineService}: query parameters and body
 * in, JSON (or the streamed export) out; errors as {@code {"error": "...", "field": "..."}}.
 */
public class QuarantineApi {

    private static final Logger LOG = LoggerFactory.getLogger(QuarantineApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final QuarantineService service;
    private final int maxBodyBytes;

    public QuarantineApi(QuarantineService service, int maxBodyBytes) {
        this.service = service;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void search(Exchange ex) {
        run(ex, m -> service.search(params(m)));
    }

    public void get(Exchange ex) {
        run(ex, m -> service.get(m.getHeader("id", String.class)));
    }

    public void stats(Exchange ex) {
        run(ex, m -> service.stats());
    }

    public void jobs(Exchange ex) {
        run(ex, m -> service.jobs());
    }

    public void job(Exchange ex) {
        run(ex, m -> service.job(m.getHeader("id", String.class)));
    }

    public void redrive(Exchange ex) {
        run(ex, m -> service.startRedrive(user(m), body(m)));
    }

    public void preview(Exchange ex) {
        run(ex, m -> service.preview(body(m)));
    }

    public void cancel(Exchange ex) {
        run(ex, m -> service.cancel(user(m), m.getHeader("id", String.class)));
    }

    /** The export, streamed: the HTTP layer reads the stream as it sends. */
    public void export(Exchange ex) {
        Message m = ex.getMessage();
        InputStream stream;
        try {
            stream = service().export(params(m));
        } catch (ApiException e) {
            reply(m, e.status(), error(e.getMessage(), e.field()));
            return;
        }
        boolean csv = "csv".equals(m.getHeader("format", String.class));
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        m.setHeader(Exchange.CONTENT_TYPE, csv ? "text/csv; charset=utf-8" : "application/x-ndjson");
        m.setHeader("Content-Disposition", "attachment; filename=\"quarantine." + (csv ? "csv" : "ndjson") + "\"");
        m.setHeader("Cache-Control", "no-store");
        m.setBody(stream);
    }

    private void run(Exchange ex, Function<Message, Object> action) {
        Message m = ex.getMessage();
        int status = 200;
        Object body;
        try {
            service();
            body = action.apply(m);
        } catch (ApiException e) {
            status = e.status();
            body = error(e.getMessage(), e.field());
        } catch (RuntimeException e) {
            LOG.error("Quarantine API {} {} failed", m.getHeader(Exchange.HTTP_METHOD), m.getHeader(Exchange.HTTP_PATH), e);
            status = 500;
            body = error("internal error: " + QuarantineDatabase.rootMessage(e), null);
        }
        reply(m, status, body);
    }

    /** The service, or a 503 when the quarantine is off. */
    private QuarantineService service() {
        if (service == null) {
            throw new ApiException(503, "the quarantine is off (quarantine.enabled=false)", "quarantine.enabled");
        }
        return service;
    }

    private static void reply(Message m, int status, Object body) {
        m.removeHeaders("*"); // request headers must not be echoed back
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("Cache-Control", "no-store");
        try {
            m.setBody(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> error(String message, String field) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("error", message);
        if (field != null) {
            b.put("field", field);
        }
        return b;
    }

    private static Function<String, String> params(Message m) {
        return name -> m.getHeader(name, String.class);
    }

    private byte[] body(Message m) {
        byte[] b = m.getBody(byte[].class);
        if (b != null && b.length > maxBodyBytes) {
            throw new ApiException(413, "request body is larger than " + maxBodyBytes + " bytes (admin.max-body-bytes)", "body");
        }
        return b;
    }

    private static String user(Message m) {
        String u = m.getHeader(HttpGuard.USER_HEADER, String.class);
        return u == null ? "unknown" : u;
    }
}
