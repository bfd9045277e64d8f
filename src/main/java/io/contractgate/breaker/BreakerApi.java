package io.contractgate.breaker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.HttpGuard;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Camel adapter between routes/breaker-api.camel.yaml and {@link BreakerService}. */
public class BreakerApi {

    private static final Logger LOG = LoggerFactory.getLogger(BreakerApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BreakerService service;

    public BreakerApi(BreakerService service) {
        this.service = service;
    }

    public void open(Exchange ex) {
        run(ex, m -> service.open());
    }

    public void rollback(Exchange ex) {
        run(ex, m -> service.rollback(user(m), m.getHeader("mapping", String.class), null));
    }

    public void dismiss(Exchange ex) {
        run(ex, m -> service.dismiss(user(m), m.getHeader("mapping", String.class)));
    }

    private static void run(Exchange ex, Function<Message, Object> action) {
        Message m = ex.getMessage();
        int status = 200;
        Object body;
        try {
            body = action.apply(m);
        } catch (ApiException e) {
            status = e.status();
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("error", e.getMessage());
            if (e.field() != null) {
                b.put("field", e.field());
            }
            body = b;
        } catch (RuntimeException e) {
            LOG.error("Breaker API failed", e);
            status = 500;
            body = Map.of("error", "internal error: " + e.getMessage());
        }
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("Cache-Control", "no-store");
        try {
            m.setBody(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String user(Message m) {
        String u = m.getHeader(HttpGuard.USER_HEADER, String.class);
        return u == null ? "unknown" : u;
    }
}
