package io.contractgate.breaker;

import io.contractgate.admin.ApiAdapter;
import io.contractgate.admin.Reply;
import org.apache.camel.Exchange;

/** Camel adapter between routes/breaker-api.camel.yaml and {@link BreakerService}. */
public class BreakerApi extends ApiAdapter {

    private final BreakerService service;

    public BreakerApi(BreakerService service) {
        super(0); // no request bodies
        this.service = service;
    }

    public void open(Exchange ex) {
        run(ex, m -> Reply.ok(service.open()));
    }

    public void rollback(Exchange ex) {
        run(ex, m -> Reply.ok(service.rollback(user(m), param(m, "mapping"), null)));
    }

    public void dismiss(Exchange ex) {
        run(ex, m -> Reply.ok(service.dismiss(user(m), param(m, "mapping"))));
    }
}
