package io.contractgate.quarantine;

import io.contractgate.admin.ApiAdapter;
import io.contractgate.admin.ApiException;
import io.contractgate.admin.Reply;
import io.contractgate.database.PooledDatabase;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Camel adapter between routes/quarantine-api.camel.yaml and {@link QuarantineService}: query parameters and the
 * bound request records in, answers (or the streamed export) out.
 */
public class QuarantineApi extends ApiAdapter {

    private final QuarantineService service;

    public QuarantineApi(QuarantineService service) {
        this.service = service;
    }

    public void search(Exchange ex) {
        knownQuery(ex.getMessage(), "limit", "before");
        reply(ex, Reply.ok(reachable(() -> service().search(params(ex.getMessage())))));
    }

    public void get(Exchange ex) {
        reply(ex, Reply.ok(reachable(() -> service().get(param(ex.getMessage(), "id")))));
    }

    public void stats(Exchange ex) {
        reply(ex, Reply.ok(service().stats()));
    }

    public void jobs(Exchange ex) {
        reply(ex, Reply.ok(reachable(() -> service().jobs())));
    }

    public void job(Exchange ex) {
        reply(ex, Reply.ok(reachable(() -> service().job(param(ex.getMessage(), "id")))));
    }

    /** POST /quarantine/redrives; no body is an empty request, refused: a re-drive names what it takes. */
    public void redrive(Exchange ex) {
        Message m = ex.getMessage();
        RedriveRequest req = m.getBody(RedriveRequest.class);
        reply(ex, Reply.ok(reachable(() -> service().startRedrive(user(m), req != null ? req : RedriveRequest.EMPTY))));
    }

    public void preview(Exchange ex) {
        reply(ex, Reply.ok(reachable(() -> service().preview(body(ex.getMessage(), PreviewRequest.class)))));
    }

    public void cancel(Exchange ex) {
        reply(ex, Reply.ok(reachable(() -> service().cancel(user(ex.getMessage()), param(ex.getMessage(), "id")))));
    }

    /** The export, streamed: the HTTP layer reads the stream as it sends. */
    public void export(Exchange ex) {
        Message m = ex.getMessage();
        knownQuery(m, "format");
        boolean csv = "csv".equals(param(m, "format"));
        reply(ex, new Reply(200, reachable(() -> service().export(params(m))), null, csv ? "text/csv; charset=utf-8" : "application/x-ndjson"));
        m.setHeader("Content-Disposition", "attachment; filename=\"quarantine." + (csv ? "csv" : "ndjson") + "\"");
    }

    /** The service, or a 503 when the quarantine is off. */
    private QuarantineService service() {
        if (service == null) {
            throw new ApiException(503, "the quarantine is off (quarantine.enabled=false)", "quarantine.enabled");
        }
        return service;
    }

    /**
     * The call's answer; a quarantine database that cannot be reached is a 503 naming {@code quarantine.jdbc-url} (as
     * the shared state's is), not a 500.
     */
    private static <T> T reachable(Supplier<T> call) {
        try {
            return call.get();
        } catch (QuarantineStore.QuarantineException e) {
            if (PooledDatabase.unreachable(e)) {
                throw ApiException.databaseUnreachable("quarantine", "quarantine.jdbc-url", PooledDatabase.rootMessage(e));
            }
            throw e;
        }
    }

    /**
     * A 400 naming a query parameter that is neither a filter nor one of {@code extra} (a typo must not widen a listing),
     * or that is given twice.
     */
    private static void knownQuery(Message m, String... extra) {
        List<String> more = List.of(extra);
        String query = m.getHeader(Exchange.HTTP_RAW_QUERY, String.class);
        QuarantineFilter.unknownQueryName(query, more).ifPresent(name -> {
            throw ApiException.badRequest(name, "unknown query parameter '" + name + "' " + QuarantineFilter.allowed(more));
        });
        QuarantineFilter.repeatedQueryName(query).ifPresent(name -> {
            throw ApiException.badRequest(name, "query parameter '" + name + "' is given more than once; give it once");
        });
    }

    private static Function<String, String> params(Message m) {
        return name -> m.getHeader(name, String.class);
    }
}
