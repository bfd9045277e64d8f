package io.contractgate.admin;

import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks every admin change before anything touches disk: safe ids, valid MQTT filters and topics, no output that
 * feeds back into its own (or another) mapping's subscription, and a contract that exists.
 */
public final class ConfigValidator {

    /** Ids and contract names become file names: letters, digits, '_', '.', '-', at most 64, never "..". */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** Mapping ids that would give a consumer the same MQTT client id as a shared output producer. */
    private static final Set<String> RESERVED = Set.of("validated", "failed");

    private ConfigValidator() {
    }

    /** Throws 400 naming {@code field} unless the value is a safe id. */
    public static String requireId(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(field, field + " is required");
        }
        if (!ID.matcher(value).matches() || value.contains("..")) {
            throw ApiException.badRequest(field, field + " must be 1-64 letters, digits, '_', '.' or '-', starting with"
                    + " a letter or digit, without '..' (was '" + printable(value) + "')");
        }
        return value;
    }

    /**
     * Validates a mapping against the others (excluding the one with the same id) and the known contract ids.
     */
    public static void validateMapping(Mapping m, Collection<Mapping> others, Collection<String> contractIds) {
        requireId("id", m.id());
        if (RESERVED.contains(m.id())) {
            throw ApiException.badRequest("id", "id '" + m.id() + "' is reserved (it names a shared output client)");
        }
        if (m.sourceTopic() == null) {
            throw ApiException.badRequest("sourceTopic", "sourceTopic is required");
        }
        String p = TopicFilters.filterProblem(m.sourceTopic());
        if (p == null) {
            p = TopicFilters.endpointProblem(m.sourceTopic());
        }
        if (p != null) {
            throw ApiException.badRequest("sourceTopic", "sourceTopic '" + printable(m.sourceTopic()) + "' is not a valid MQTT topic filter: " + p);
        }
        requireId("contractId", m.contractId());
        if (!contractIds.contains(m.contractId())) {
            throw ApiException.badRequest("contractId", "contract '" + m.contractId() + "' does not exist");
        }
        checkOutput("validatedTopic", m.validatedTopic(), m, others);
        checkOutput("failedTopic", m.failedTopic(), m, others);
        if (m.validatedTopic().equals(m.failedTopic())) {
            throw ApiException.badRequest("failedTopic", "failedTopic must differ from validatedTopic");
        }
        String f = m.sensorIdField();
        if (f == null || f.isEmpty() || f.length() > 128 || f.chars().anyMatch(c -> c < 0x20)
                || f.contains("{{") || f.contains("}}") || f.startsWith("#")) {
            // a leading '#' would make Camel's bean binding look up (or instantiate) a bean instead of using the text
            throw ApiException.badRequest("sensorIdField", "sensorIdField must be 1-128 printable characters, not starting with '#'");
        }
        for (Mapping o : others) {
            if (o.id().equals(m.id())) {
                continue;
            }
            if (o.sourceTopic().equals(m.sourceTopic())) {
                throw ApiException.conflict("sourceTopic", "sourceTopic '" + m.sourceTopic()
                        + "' is already consumed by mapping '" + o.id() + "'");
            }
            // the other mapping's outputs must not feed this mapping either
            for (String output : new String[] {o.validatedTopic(), o.failedTopic()}) {
                if (TopicFilters.outputCanMatch(o.sourceTopic(), output, m.sourceTopic())) {
                    throw ApiException.badRequest("sourceTopic", "sourceTopic '" + m.sourceTopic()
                            + "' would consume the outputs of mapping '" + o.id() + "' ('"
                            + output.replace(TopicFilters.TOKEN, o.sourceTopic()) + "'), a loop: narrow the filter so"
                            + " it leaves them out, or move that mapping's output topics");
                }
            }
        }
    }

    private static void checkOutput(String field, String pattern, Mapping m, Collection<Mapping> others) {
        String p = TopicFilters.outputPatternProblem(pattern);
        if (p != null) {
            throw ApiException.badRequest(field, field + " '" + printable(String.valueOf(pattern)) + "' is not a valid output topic: " + p);
        }
        if (TopicFilters.outputCanMatch(m.sourceTopic(), pattern, m.sourceTopic())) {
            throw ApiException.badRequest(field, field + " '" + pattern + "' matches the mapping's own sourceTopic '"
                    + m.sourceTopic() + "': every output would be consumed again (a loop); "
                    + outsideTheFilter(field, m, others));
        }
        Mapping fed = fedMapping(m.sourceTopic(), pattern, m.id(), others);
        if (fed != null) {
            throw ApiException.badRequest(field, field + " '" + pattern + "' publishes into sourceTopic '"
                    + fed.sourceTopic() + "' of mapping '" + fed.id() + "' (a loop); " + outsideTheFilter(field, m, others));
        }
    }

    /** The other mapping (not {@code id}) whose filter an output of {@code pattern} would match, or null. */
    private static Mapping fedMapping(String source, String pattern, String id, Collection<Mapping> others) {
        return others.stream().filter(o -> !o.id().equals(id) && TopicFilters.outputCanMatch(source, pattern, o.sourceTopic()))
                .findFirst().orElse(null);
    }

    /**
     * What to do about an output that loops: an output pattern that would pass, {@code validated/{topic}} for the
     * validated topic, {@code failed/{topic}} for the failed one, when it does; else narrow the source filter.
     */
    private static String outsideTheFilter(String field, Mapping m, Collection<Mapping> others) {
        String suggestion = ("failedTopic".equals(field) ? "failed/" : "validated/") + TopicFilters.TOKEN;
        if (!TopicFilters.outputCanMatch(m.sourceTopic(), suggestion, m.sourceTopic())
                && fedMapping(m.sourceTopic(), suggestion, m.id(), others) == null) {
            return "choose a topic outside every mapping's filter, e.g. '" + suggestion + "'";
        }
        return "narrow sourceTopic '" + m.sourceTopic() + "' so that its outputs fall outside every mapping's filter";
    }

    /** Shows control characters as escapes so an error message cannot forge log lines. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 200; i++) {
            char c = s.charAt(i);
            if (i == 199 && Character.isHighSurrogate(c)) {
                break; // the cut never leaves half a surrogate pair in an answer
            }
            b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
