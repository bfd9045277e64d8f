package io.contractgate.breaker;

import io.contractgate.admin.ApiAdapter;
import io.contractgate.admin.Reply;
import org.apache.camel.Exchange;

/** Camel adapter between routes/breaker-api.camel.yaml and {@link BreakerService}. */
public class BreakerApi extends ApiAdapter {

    private final BreakerService service;

    public BreakerApi(BreakerService service) {
        this.service = service;
    }

    public void open(Exchange ex) {
        reply(ex, Reply.ok(service.open()));
    }

    public void rollback(Exchange ex) {
        reply(ex, Reply.ok(service.rollback(user(ex.getMessage()), param(ex.getMessage(), "mapping"), null)));
    }

    public void dismiss(Exchange ex) {
        reply(ex, Reply.ok(service.dismiss(user(ex.getMessage()), param(ex.getMessage(), "mapping"))));
    }
}
