package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

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

    public AdminApi(BrokerAdmin broker, AsyncApiAdmin asyncApi, ChangeJournal journal, StatusReport status) {
        this.broker = broker;
        this.asyncApi = asyncApi;
        this.journal = journal;
        this.status = status;
    }

    /** POST /asyncapi/import (JSON or YAML, read as it came): dry run unless {@code ?apply=true}. */
    public void importAsyncApi(Exchange ex) {
        Message m = ex.getMessage();
        String apply = param(m, "apply");
        if (apply != null && !apply.isBlank() && !apply.equalsIgnoreCase("true") && !apply.equalsIgnoreCase("false")) {
            throw ApiException.badRequest("apply", "apply must be true or false");
        }
        replyUnbound(ex, asyncApi.importAsyncApi(user(m), rawBody(m), "true".equalsIgnoreCase(apply), acceptBreak(m)));
    }

    /** GET /asyncapi: JSON, or YAML for {@code ?format=yaml} or {@code Accept: application/yaml}. */
    public void asyncApi(Exchange ex) {
        Message m = ex.getMessage();
        String format = param(m, "format");
        if (format != null && !format.isBlank() && !format.equalsIgnoreCase("json") && !format.equalsIgnoreCase("yaml")) {
            throw ApiException.badRequest("format", "format must be json or yaml");
        }
        String accept = m.getHeader("Accept", String.class);
        boolean yaml = "yaml".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("yaml"));
        replyUnbound(ex, asyncApi.asyncApi(yaml));
    }

    public void getBroker(Exchange ex) {
        reply(ex, broker.getBroker());
    }

    /** PUT /broker: a JSON object of mqtt.* keys (its keys are setting names, so it is read as JSON, not a record). */
    public void putBroker(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, broker.putBroker(user(m), body(m, JsonNode.class), ifMatch(m)));
    }

    public void status(Exchange ex) {
        reply(ex, Reply.ok(status.build()));
    }

    public void audit(Exchange ex) {
        reply(ex, journal.audit(param(ex.getMessage(), "limit")));
    }
}
