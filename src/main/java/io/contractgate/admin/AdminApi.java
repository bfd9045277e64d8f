package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Camel adapter between the REST DSL routes (routes/admin-api.camel.yaml) and {@link AdminService}: reads path
 * parameters, body and If-Match from the exchange, and writes the JSON answer, status and ETag. Every error becomes
 * {@code {"error": "...", "field": "..."}}.
 */
public class AdminApi {

    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper PRETTY = new ObjectMapper();

    private final AdminService service;
    private final StatusReport status;
    private final int maxBodyBytes;

    public AdminApi(AdminService service, StatusReport status, int maxBodyBytes) {
        this.service = service;
        this.status = status;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void listMappings(Exchange ex) {
        run(ex, m -> service.listMappings());
    }

    public void getMapping(Exchange ex) {
        run(ex, m -> service.getMapping(param(m, "id")));
    }

    public void createMapping(Exchange ex) {
        run(ex, m -> service.createMapping(user(m), AdminService.objectBody(body(m))));
    }

    public void replaceMapping(Exchange ex) {
        run(ex, m -> service.replaceMapping(user(m), param(m, "id"), AdminService.objectBody(body(m)), ifMatch(m)));
    }

    public void deleteMapping(Exchange ex) {
        run(ex, m -> service.deleteMapping(user(m), param(m, "id"), ifMatch(m)));
    }

    public void enableMapping(Exchange ex) {
        run(ex, m -> service.setMappingEnabled(user(m), param(m, "id"), true, ifMatch(m)));
    }

    public void disableMapping(Exchange ex) {
        run(ex, m -> service.setMappingEnabled(user(m), param(m, "id"), false, ifMatch(m)));
    }

    public void listContracts(Exchange ex) {
        run(ex, m -> service.listContracts());
    }

    public void getContract(Exchange ex) {
        run(ex, m -> service.getContract(param(m, "id")));
    }

    /** POST /contracts with {"id": "...", "schema": {...}}. */
    public void createContract(Exchange ex) {
        run(ex, m -> {
            JsonNode body = AdminService.jsonBody(body(m));
            if (!body.isObject()) {
                throw ApiException.badRequest("body", "expected {\"id\": ..., \"schema\": {...}}");
            }
            JsonNode schema = body.get("schema");
            if (schema == null || schema.isNull()) {
                throw ApiException.badRequest("schema", "schema is required");
            }
            String text = schema.isTextual() ? schema.textValue() : pretty(schema);
            return service.createContract(user(m), body.path("id").asText(null), text);
        });
    }

    /** PUT /contracts/{id} with the raw JSON Schema as body: creates or replaces. */
    public void putContract(Exchange ex) {
        run(ex, m -> service.putContract(user(m), param(m, "id"), new String(body(m), StandardCharsets.UTF_8), ifMatch(m),
                acceptBreak(m)));
    }

    public void getCompatibility(Exchange ex) {
        run(ex, m -> service.getCompatibility(param(m, "id")));
    }

    public void putCompatibility(Exchange ex) {
        run(ex, m -> service.putCompatibility(user(m), param(m, "id"), AdminService.jsonBody(body(m))));
    }

    /** POST /contracts/{id}/compatibility/check with the candidate JSON Schema as body. */
    public void checkCompatibility(Exchange ex) {
        run(ex, m -> {
            byte[] b = body(m);
            return service.checkCompatibility(param(m, "id"), b == null ? null : new String(b, StandardCharsets.UTF_8));
        });
    }

    public void deleteContract(Exchange ex) {
        run(ex, m -> service.deleteContract(user(m), param(m, "id"), ifMatch(m)));
    }

    public void listVersions(Exchange ex) {
        run(ex, m -> service.listVersions(param(m, "id")));
    }

    public void getVersion(Exchange ex) {
        run(ex, m -> service.getVersion(param(m, "id"), param(m, "version")));
    }

    public void diff(Exchange ex) {
        run(ex, m -> service.diff(param(m, "id"), param(m, "from"), param(m, "to")));
    }

    public void rollback(Exchange ex) {
        run(ex, m -> service.rollback(user(m), param(m, "id"), param(m, "version"), ifMatch(m), acceptBreak(m)));
    }

    public void testContract(Exchange ex) {
        run(ex, m -> service.dryRun(param(m, "id"), body(m), param(m, "mapping"), param(m, "topic")));
    }

    public void testDraft(Exchange ex) {
        run(ex, m -> service.dryRunDraft(AdminService.jsonBody(body(m))));
    }

    public void recentSamples(Exchange ex) {
        run(ex, m -> service.recentSamples(param(m, "id")));
    }

    public void inferFromMapping(Exchange ex) {
        run(ex, m -> service.inferFromMapping(param(m, "id")));
    }

    public void inferFromExamples(Exchange ex) {
        run(ex, m -> service.inferFromExamples(AdminService.jsonBody(body(m))));
    }

    public void inferFromTopic(Exchange ex) {
        run(ex, m -> service.inferFromTopic(AdminService.jsonBody(body(m))));
    }

    /** POST /asyncapi/import: dry run unless {@code ?apply=true}. */
    public void importAsyncApi(Exchange ex) {
        run(ex, m -> {
            String apply = param(m, "apply");
            if (apply != null && !apply.isBlank() && !apply.equalsIgnoreCase("true") && !apply.equalsIgnoreCase("false")) {
                throw ApiException.badRequest("apply", "apply must be true or false");
            }
            return service.importAsyncApi(user(m), body(m), "true".equalsIgnoreCase(apply), acceptBreak(m));
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
            return service.asyncApi(yaml);
        });
    }

    public void getBroker(Exchange ex) {
        run(ex, m -> service.getBroker());
    }

    public void putBroker(Exchange ex) {
        run(ex, m -> service.putBroker(user(m), AdminService.jsonBody(body(m)), ifMatch(m)));
    }

    public void status(Exchange ex) {
        run(ex, m -> Reply.ok(status.build()));
    }

    public void audit(Exchange ex) {
        run(ex, m -> service.audit(param(m, "limit")));
    }

    private void run(Exchange ex, Function<Message, Reply> action) {
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

    private byte[] body(Message m) {
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

    private static String param(Message m, String name) {
        return m.getHeader(name, String.class);
    }

    /** {@code ?acceptBreak=true} or the header {@code X-Accept-Break: true}: save a change that breaks compatibility. */
    private static boolean acceptBreak(Message m) {
        String q = m.getHeader("acceptBreak", String.class);
        String h = m.getHeader("X-Accept-Break", String.class);
        if (q != null && !q.isBlank() && !q.equalsIgnoreCase("true") && !q.equalsIgnoreCase("false")) {
            throw ApiException.badRequest("acceptBreak", "acceptBreak must be true or false");
        }
        return "true".equalsIgnoreCase(q) || "true".equalsIgnoreCase(h);
    }

    private static String ifMatch(Message m) {
        return m.getHeader("If-Match", String.class);
    }

    private static String user(Message m) {
        String u = m.getHeader(HttpGuard.USER_HEADER, String.class);
        return u == null ? "unknown" : u;
    }

    private static String pretty(JsonNode n) {
        try {
            return PRETTY.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
