package io.contractgate.admin;

import org.apache.camel.Exchange;

/**
 * REST adapter for the gateway-wide admin routes (routes/admin-api.camel.yaml): broker settings
 * ({@link BrokerAdmin}), AsyncAPI export and import ({@link AsyncApiAdmin}), status and the audit log
 * ({@link ChangeJournal}). Mappings and contracts have their own adapters ({@link MappingApi}, {@link ContractApi}).
 */
public class AdminApi extends ApiAdapter {

    /** Registry name the REST routes call. */
    public static final String BEAN = "adminApi";

    private final BrokerAdmin broker;
    private final AsyncApiAdmin asyncApi;
    private final ChangeJournal journal;
    private final StatusReport status;

    public AdminApi(BrokerAdmin broker, AsyncApiAdmin asyncApi, ChangeJournal journal, StatusReport status,
                    int maxBodyBytes) {
        super(maxBodyBytes);
        this.broker = broker;
        this.asyncApi = asyncApi;
        this.journal = journal;
        this.status = status;
    }

    /** POST /asyncapi/import: dry run unless {@code ?apply=true}. */
    public void importAsyncApi(Exchange ex) {
        run(ex, m -> {
            String apply = param(m, "apply");
            if (apply != null && !apply.isBlank() && !apply.equalsIgnoreCase("true") && !apply.equalsIgnoreCase("false")) {
                throw ApiException.badRequest("apply", "apply must be true or false");
            }
            return asyncApi.importAsyncApi(user(m), body(m), "true".equalsIgnoreCase(apply), acceptBreak(m));
        });
    }

    /** GET /asyncapi: JSON, or YAML for {@code ?format=yaml} or {@code Accept: application/yaml}. */
    public void asyncApi(Exchange ex) {
        run(ex, m -> {
            String format = param(m, "format");
            if (format != null && !format.isBlank() && !format.equalsIgnoreCase("json") && !format.equalsIgnoreCase("yaml")) {
                throw ApiException.badRequest("format", "format must be json or yaml");
            }
            String accept = m.getHeader("Accept", String.class);
            boolean yaml = "yaml".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("yaml"));
            return asyncApi.asyncApi(yaml);
        });
    }

    public void getBroker(Exchange ex) {
        run(ex, m -> broker.getBroker());
    }

    public void putBroker(Exchange ex) {
        run(ex, m -> broker.putBroker(user(m), AdminJson.jsonBody(body(m)), ifMatch(m)));
    }

    public void status(Exchange ex) {
        run(ex, m -> Reply.ok(status.build()));
    }

    public void audit(Exchange ex) {
        run(ex, m -> journal.audit(param(m, "limit")));
    }
}
