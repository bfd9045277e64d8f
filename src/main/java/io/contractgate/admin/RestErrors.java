package io.contractgate.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the REST API answers when a request fails (routes/rest-errors.camel.yaml calls it through
 * {@link RestErrorReply}): always {@code {"error": "...", "field": "..."}}, the field naming the part of the request at
 * fault. A refusal ({@link ApiException}) keeps its status; a body the binding could not read is a 400 naming the
 * field by its path ({@code filter.mapping}, {@code ids[2]}); anything else is a 500 that says nothing of the cause
 * (which may hold paths, SQL or settings), the cause being logged instead.
 */
public final class RestErrors {

    /** The status and body of an error answer. */
    public record Answer(int status, Map<String, Object> body) {
    }

    private RestErrors() {
    }

    public static Answer refused(ApiException e) {
        Map<String, Object> body = body(e.getMessage(), e.field());
        if (e.details() != null) {
            body.put("reasons", e.details());
        }
        return new Answer(e.status(), body);
    }

    /** A request body the REST binding could not read into its record: not JSON, or a field of the wrong kind. */
    public static Answer unreadable(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            Collection<Object> known = u.getKnownPropertyIds();
            return bad(field, "unknown field '" + field + "'"
                    + (known == null || known.isEmpty() ? "" : " (allowed: " + String.join(", ", names(known)) + ")"));
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String field = path(m);
            String kind = kind(m.getTargetType());
            return field.isEmpty() ? bad("body", "the request body must be " + kind) : bad(field, field + " must be " + kind);
        }
        if (e instanceof JsonMappingException m && !path(m).isEmpty()) {
            return bad(path(m), path(m) + " is not valid here");
        }
        return bad("body", "the request body is not valid JSON: " + firstLine(e.getOriginalMessage()));
    }

    /** A changing request whose body is not UTF-8 ({@link BodyEncoding}): 400 naming the body and the first bad byte. */
    public static Answer notUtf8(long offset) {
        return bad("body", BodyEncoding.message(offset));
    }

    /**
     * A request under /api that no endpoint took: 405 naming the verbs when an endpoint has the path (a template such
     * as {@code /api/mappings/:id} from {@code endpoints}, template -> verbs), else 404 naming the path.
     */
    public static Answer unmatched(String method, String path, Map<String, Set<String>> endpoints) {
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        Set<String> allowed = allowed(path, endpoints);
        if (!allowed.isEmpty() && !allowed.contains(method)) {
            return new Answer(405, body(method + " is not allowed on " + shown + " (allowed: "
                    + String.join(", ", allowed) + ")", "method"));
        }
        return new Answer(404, body("no such API endpoint: " + method + " " + shown
                + " (the endpoints: GET /api/openapi.json, docs/admin-api.md)", "path"));
    }

    /**
     * The verbs of the endpoints whose template matches {@code path}, HEAD wherever GET is (a HEAD is answered as the
     * GET without its body: {@link HeadAsGet}); empty when none does.
     */
    public static Set<String> allowed(String path, Map<String, Set<String>> endpoints) {
        Set<String> out = new TreeSet<>();
        String[] segments = path.split("/", -1);
        endpoints.forEach((template, verbs) -> {
            String[] t = template.split("/", -1);
            boolean match = t.length == segments.length;
            for (int i = 0; match && i < t.length; i++) {
                match = t[i].startsWith(":") ? !segments[i].isEmpty() : t[i].equals(segments[i]);
            }
            if (match) {
                out.addAll(verbs);
            }
        });
        if (out.contains("GET")) {
            out.add("HEAD");
        }
        return out;
    }

    /** Any other failure: 500 without its message. */
    public static Answer failed() {
        return new Answer(500, body("internal error; the gateway's log has the details", null));
    }

    /** The JSON path of the field at fault, e.g. {@code filter.mapping} or {@code ids[2]}; empty for the body itself. */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String kind(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "JSON";
        }
        return "a JSON object";
    }

    private static TreeSet<String> names(Collection<Object> known) {
        TreeSet<String> out = new TreeSet<>();
        known.forEach(k -> out.add(String.valueOf(k)));
        return out;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static Answer bad(String field, String message) {
        return new Answer(400, body(message, field));
    }

    private static Map<String, Object> body(String message, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        if (field != null) {
            body.put("field", field);
        }
        return body;
    }
}
