package io.contractgate.admin;

import com.fasterxml.jackson.core.JacksonException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.util.ObjectHelper;

/**
 * Camel adapter between the onException clauses of routes/rest-errors.camel.yaml and {@link RestErrors}: puts the
 * error answer on the message (status, no request header echoed back, body for the route's marshal step).
 */
public class RestErrorReply {

    /** Registry name the route configuration calls. */
    public static final String BEAN = "restErrorReply";

    public void refused(Exchange ex) {
        answer(ex, RestErrors.refused(caught(ex, ApiException.class)));
    }

    public void unreadable(Exchange ex) {
        answer(ex, RestErrors.unreadable(caught(ex, JacksonException.class)));
    }

    public void failed(Exchange ex) {
        answer(ex, RestErrors.failed());
    }

    private static <T extends Throwable> T caught(Exchange ex, Class<T> type) {
        return ObjectHelper.getException(type, ex.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    private static void answer(Exchange ex, RestErrors.Answer answer) {
        Message m = ex.getMessage();
        m.removeHeaders("*"); // request headers (path params, auth, ...) must not be echoed back as response headers
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setHeader("Cache-Control", "no-store");
        m.setBody(answer.body());
    }
}
