package io.contractgate.quarantine;

import io.contractgate.admin.ApiAdapter;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Reply;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.function.Function;

/**
 * Camel adapter between routes/quarantine-api.camel.yaml and {@link QuarantineService}: query parameters and body
 * in, JSON (or the streamed export) out; errors as {@code {"error": "...", "field": "..."}}.
 */
public class QuarantineApi extends ApiAdapter {

    private final QuarantineService service;

    public QuarantineApi(QuarantineService service, int maxBodyBytes) {
        super(maxBodyBytes);
        this.service = service;
    }

    public void search(Exchange ex) {
        run(ex, m -> Reply.ok(service().search(params(m))));
    }

    public void get(Exchange ex) {
        run(ex, m -> Reply.ok(service().get(param(m, "id"))));
    }

    public void stats(Exchange ex) {
        run(ex, m -> Reply.ok(service().stats()));
    }

    public void jobs(Exchange ex) {
        run(ex, m -> Reply.ok(service().jobs()));
    }

    public void job(Exchange ex) {
        run(ex, m -> Reply.ok(service().job(param(m, "id"))));
    }

    public void redrive(Exchange ex) {
        run(ex, m -> Reply.ok(service().startRedrive(user(m), body(m))));
    }

    public void preview(Exchange ex) {
        run(ex, m -> Reply.ok(service().preview(body(m))));
    }

    public void cancel(Exchange ex) {
        run(ex, m -> Reply.ok(service().cancel(user(m), param(m, "id"))));
    }

    /** The export, streamed: the HTTP layer reads the stream as it sends. */
    public void export(Exchange ex) {
        boolean csv = "csv".equals(param(ex.getMessage(), "format"));
        run(ex, m -> new Reply(200, service().export(params(m)), null,
                csv ? "text/csv; charset=utf-8" : "application/x-ndjson"));
        Message m = ex.getMessage();
        if (Integer.valueOf(200).equals(m.getHeader(Exchange.HTTP_RESPONSE_CODE))) {
            m.setHeader("Content-Disposition", "attachment; filename=\"quarantine." + (csv ? "csv" : "ndjson") + "\"");
        }
    }

    /** The service, or a 503 when the quarantine is off. */
    private QuarantineService service() {
        if (service == null) {
            throw new ApiException(503, "the quarantine is off (quarantine.enabled=false)", "quarantine.enabled");
        }
        return service;
    }

    private static Function<String, String> params(Message m) {
        return name -> m.getHeader(name, String.class);
    }
}
