package io.contractgate.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.i18n.DefaultMessageSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses a payload safely and collects every violation of a contract, ordered by error priority then pointer.
 */
public final class PayloadValidator {

    /** Default largest payload accepted for validation (256 KiB). */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
    /** Default deepest JSON nesting accepted; deeper payloads are reported as invalid_json instead of recursing. */
    public static final int DEFAULT_MAX_DEPTH = 64;

    private static final Comparator<Violation> ORDER = Comparator
            .comparing(Violation::type)
            .thenComparing(Violation::pointer);

    /** The report when checking ran out of stack; names the contract, since either side can be the cause. */
    static final String STACK_EXHAUSTED = "checking this payload against contract '%s' ran out of stack: the contract"
            + " refers to itself without end along this payload's shape, or a format check (\"regex\", \"json-pointer\")"
            + " recursed on a long string";

    /** Why a number beyond a double's range fails a contract whose exact checks (multipleOf, enum, const) need it. */
    static final String NUMBER_TOO_LARGE = "number is too large to check against this contract: beyond ±1.8e308, the"
            + " range of a 64-bit floating-point number";

    /**
     * Violations of one payload that get their texts (message, expected, schema location), most critical first: the
     * ones a report lists. The rest keep their pointer, field, type and keyword (for counts and metrics) and carry
     * {@link Violation#NOT_FORMATTED} as their message.
     */
    public static final int FORMATTED_VIOLATIONS = 100;

    /**
     * Most subschema checks one payload may cost: its values times the contract's fan-out (the most subschemas one
     * value is checked against, see FanOut). A 256 KiB array of 131,000 numbers under a 200-link $ref chain took
     * 13-28 s per message, under items: {anyOf: [{anyOf}, {oneOf}, {anyOf}]} (fan-out 10) 22 s: the mapping's
     * thread was gone for that long per message. Beyond the budget the payload is refused unchecked, with a report.
     */
    public static final long DEFAULT_CHECK_BUDGET = 500_000;

    /** The report of a payload over the check budget ({@code contracts.check-budget}). */
    static final String CHECK_BUDGET_EXCEEDED = "check_budget_exceeded: payload holds %d values and contract '%s' checks"
            + " each against up to %d subschemas: %d checks, more than the %d a message may cost; send smaller"
            + " payloads, use a contract with fewer nested allOf/anyOf/oneOf/if/$ref or raise contracts.check-budget";

    private final int maxPayloadBytes;
    private final long checkBudget;
    private final ObjectReader reader;

    public PayloadValidator() {
        this(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_DEPTH);
    }

    public PayloadValidator(int maxPayloadBytes, int maxDepth) {
        this(maxPayloadBytes, maxDepth, DEFAULT_CHECK_BUDGET);
    }

    public PayloadValidator(int maxPayloadBytes, int maxDepth, long checkBudget) {
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("contracts.max-payload-bytes must be >= 1, was " + maxPayloadBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("contracts.max-depth must be >= 1, was " + maxDepth);
        }
        if (checkBudget < 1) {
            throw new IllegalArgumentException("contracts.check-budget must be >= 1, was " + checkBudget);
        }
        this.maxPayloadBytes = maxPayloadBytes;
        this.checkBudget = checkBudget;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(maxDepth).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.reader = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build()
                .reader();
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** Checks one payload; never throws for bad input: every problem becomes a violation. */
    public Verdict validate(byte[] payload, Contract contract, String sensorIdField) {
        if (payload == null || payload.length == 0) {
            return failed(null, null, List.of(whole(ErrorType.INVALID_JSON, "json", "payload is empty", "a JSON value")));
        }
        if (payload.length > maxPayloadBytes) {
            return failed(null, null, List.of(whole(ErrorType.LENGTH, "maxPayloadBytes",
                    "payload is " + payload.length + " bytes, more than the limit of " + maxPayloadBytes,
                    "<= " + maxPayloadBytes + " bytes")));
        }
        if (payload.length >= 3 && payload[0] == (byte) 0xEF && payload[1] == (byte) 0xBB && payload[2] == (byte) 0xBF) {
            // RFC 8259 8.1: senders must not add a BOM. Reported, not stripped: what is forwarded as validated is
            // always byte for byte what was checked, and consumers that choke on a BOM never see one.
            return failed(null, null, List.of(whole(ErrorType.INVALID_JSON, "json",
                    "payload starts with a UTF-8 byte order mark (EF BB BF); JSON must be sent without one (RFC 8259 8.1)",
                    "JSON without a byte order mark")));
        }
        JsonNode root;
        try {
            root = reader.readTree(payload);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            int line = at == null || at.getLineNr() < 1 ? 0 : at.getLineNr();
            int column = at == null || at.getColumnNr() < 1 ? 0 : at.getColumnNr();
            return failed(null, null, List.of(new Violation("", "", ErrorType.INVALID_JSON, "json",
                    "payload is not valid JSON: " + e.getOriginalMessage()
                            + (line > 0 ? " (line " + line + ", column " + column + ")" : ""),
                    "a JSON value", null, null, null, line, column, null)));
        } catch (IOException | RuntimeException e) {
            return failed(null, null, List.of(whole(ErrorType.INVALID_JSON, "json",
                    "payload is not valid JSON: " + e.getMessage(), "a JSON value")));
        }
        if (root == null || root.isMissingNode()) {
            return failed(null, null, List.of(whole(ErrorType.INVALID_JSON, "json", "payload holds no JSON value", "a JSON value")));
        }
        int bad = Utf8.firstInvalid(payload); // what the parser let through (one pass, only over parsed payloads)
        if (bad >= 0) {
            return failed(null, null, List.of(whole(ErrorType.INVALID_JSON, "json", String.format(
                    "payload is not valid UTF-8: byte %d (0x%02X) starts no well-formed sequence (an overlong form, a "
                            + "UTF-16 surrogate or a code point beyond U+10FFFF)", bad, payload[bad] & 0xFF),
                    "JSON in UTF-8")));
        }
        // any JSON value is a payload: the contract decides the root type; only an object can carry a sensor id
        String sensorId = sensorId(root, sensorIdField);
        // a value takes at least 2 bytes with its separator: the values are only counted when the bytes could exceed
        if (((long) payload.length / 2 + 1) * contract.fanOut() > checkBudget) { // a multiply: no division per message
            long values = values(root);
            if (values * contract.fanOut() > checkBudget) {
                return failed(root, sensorId, List.of(whole(ErrorType.OTHER, "checkBudget", CHECK_BUDGET_EXCEEDED.formatted(
                        values, contract.id(), contract.fanOut(), values * contract.fanOut(), checkBudget),
                        "at most " + checkBudget + " subschema checks")));
            }
        }
        Set<ValidationMessage> messages;
        try {
            messages = contract.schema().validate(root);
        } catch (StackOverflowError e) {
            // a $ref loop this payload's shape reaches (the compiler refuses loops at the root), or a format check
            // that recurses per character (the engine's "regex" and "json-pointer" formats on a long string): a
            // report, not an error that ends the MQTT client's callback thread and has the broker redeliver forever
            return failed(root, sensorId, List.of(whole(ErrorType.OTHER, "stack", STACK_EXHAUSTED.formatted(contract.id()),
                    "a payload the contract can be checked on")));
        } catch (RuntimeException e) {
            // the engine gave up on this payload: a number beyond a double's range (1e400) made its multipleOf, enum
            // and const checks throw NumberFormatException. Thrown on, it left the input unacknowledged, so the broker
            // delivered it again without end; the payload's own fault becomes its report
            return failed(root, sensorId, List.of(engineGaveUp(root, contract, e)));
        }
        if (messages.isEmpty()) {
            return new Verdict(true, root, sensorId, List.of());
        }
        // every violation is located, typed, hinted and ordered, but only the first FORMATTED_VIOLATIONS (all a report
        // lists) get their texts: formatting every engine message took 0.5-2 s for a 30,000-item array under
        // "items": {"anyOf": [...]}, for texts no report carried
        // one pass over the engine's set: its size() and toArray() walk every per-item subset again (a SetView)
        List<ValidationMessage> source = new ArrayList<>();
        List<Violation> violations = new ArrayList<>();
        for (ValidationMessage m : messages) {
            source.add(m);
            violations.add(located(m, root));
        }
        int n = source.size();
        DidYouMean.hint(violations);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> ORDER.compare(violations.get(a), violations.get(b)));
        List<Violation> sorted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Violation v = violations.get(order[i]);
            sorted.add(i < FORMATTED_VIOLATIONS ? formatted(v, source.get(order[i])) : v);
        }
        return failed(root, sensorId, sorted);
    }

    /** The number of JSON values in {@code node}, itself included. */
    private static long values(JsonNode node) {
        long n = 1;
        if (node.isContainerNode()) {
            for (JsonNode child : node) {
                n += values(child);
            }
        }
        return n;
    }

    /** The report when the engine threw: the number it cannot take, else what it said. */
    private static Violation engineGaveUp(JsonNode root, Contract contract, RuntimeException e) {
        String pointer = hugeNumber(root, "");
        if (pointer != null) {
            return tooLarge(pointer, root.at(pointer));
        }
        return whole(ErrorType.OTHER, "engine", "checking this payload against contract '" + contract.id()
                + "' failed: " + e, "a payload the contract can be checked on");
    }

    /** The out_of_range report of a number beyond a double's range at {@code pointer}. */
    private static Violation tooLarge(String pointer, JsonNode value) {
        return new Violation(pointer, pointer.isEmpty() ? "" : unescape(pointer.substring(pointer.lastIndexOf('/') + 1)),
                ErrorType.OUT_OF_RANGE, "number", (pointer.isEmpty() ? "" : pointer + ": ") + NUMBER_TOO_LARGE,
                "a number within ±" + Double.MAX_VALUE, value);
    }

    /** A number written beyond a double's range with a fraction or exponent (1e400): read as ±Infinity, its digits lost. */
    private static boolean infinite(String name, JsonNode v) {
        return v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue());
    }

    /** The type keyword allows integers: {"type": "integer"} or {"type": [..., "integer"]}. */
    private static boolean allowsInteger(JsonNode type) {
        if (type == null) {
            return false;
        }
        if (type.isArray()) {
            for (JsonNode t : type) {
                if ("integer".equals(t.asText())) {
                    return true;
                }
            }
            return false;
        }
        return "integer".equals(type.asText());
    }

    /** The pointer of the first number too large for a double (where the engine's exact checks throw), or null. */
    static String hugeNumber(JsonNode node, String pointer) {
        return firstPointer(node, pointer, (name, v) -> v.isNumber() && !Double.isFinite(v.doubleValue()), Set.of());
    }

    /**
     * The JSON pointer of the first value {@code hit} holds for (given its member name, "" in an array or at the
     * root), or null; the values of members named in {@code skip} are not looked into.
     */
    static String firstPointer(JsonNode node, String pointer, java.util.function.BiPredicate<String, JsonNode> hit,
                               Set<String> skip) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = at(node.get(i), pointer + "/" + i, "", hit, skip);
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                String found = skip.contains(field.getKey()) ? null
                        : at(field.getValue(), pointer + "/" + escape(field.getKey()), field.getKey(), hit, skip);
                if (found != null) {
                    return found;
                }
            }
        }
        return pointer.isEmpty() && hit.test("", node) ? "" : null;
    }

    private static String at(JsonNode value, String pointer, String name, java.util.function.BiPredicate<String, JsonNode> hit,
                             Set<String> skip) {
        return hit.test(name, value) ? pointer : firstPointer(value, pointer, hit, skip);
    }

    private static Verdict failed(JsonNode root, String sensorId, List<Violation> violations) {
        return new Verdict(false, root, sensorId, violations);
    }

    private static Violation whole(ErrorType type, String keyword, String message, String expected) {
        return new Violation("", "", type, keyword, message, expected, null);
    }

    private static String sensorId(JsonNode root, String field) {
        if (field == null || !root.isObject()) {
            return null;
        }
        JsonNode v = root.get(field);
        return v != null && v.isValueNode() && !v.isNull() ? v.asText() : null;
    }

    /** A violation's place, type, keyword and value, without the texts {@link #formatted} adds. */
    private static Violation located(ValidationMessage m, JsonNode root) {
        String keyword = m.getType();
        ErrorType type = ErrorType.forKeyword(keyword);
        String pointer = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
        JsonNode actual = m.getInstanceNode();
        String property = m.getProperty();
        if (property != null && (type == ErrorType.MISSING_FIELD || type == ErrorType.UNEXPECTED_FIELD)) {
            // these keywords report the parent object; point at the field itself
            JsonNode parent = actual;
            pointer = pointer + "/" + escape(property);
            actual = type == ErrorType.UNEXPECTED_FIELD && parent != null ? parent.get(property) : null;
        }
        if (actual != null && "type".equals(keyword) && infinite("", actual) && allowsInteger(m.getSchemaNode())) {
            // 1e400 (or 1.5e400) is an integer, but read as Infinity its digits are gone: "number found, integer
            // expected" was a wrong verdict; say why it cannot be checked instead
            return tooLarge(pointer, actual);
        }
        if (actual != null && "uniqueItems".equals(keyword)) {
            // 1e400 and 2e400 are both read as Infinity and looked equal: "must have only unique items" was wrong
            String huge = firstPointer(actual, pointer, PayloadValidator::infinite, Set.of());
            if (huge != null) {
                return tooLarge(huge, actual.at(huge.substring(pointer.length())));
            }
        }
        String field = pointer.isEmpty() ? "" : unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
        return new Violation(pointer, field, type, keyword, Violation.NOT_FORMATTED, null, actual);
    }

    /** {@code v} (from {@link #located}) with the message, expected text and schema location of its engine message. */
    private static Violation formatted(Violation v, ValidationMessage m) {
        if (!Violation.NOT_FORMATTED.equals(v.message())) {
            return v; // the gateway's own report (a number too large to check), complete already
        }
        String message = message(m);
        if (message.startsWith(": ")) {
            message = message.substring(2); // the engine prefixes the location, which is empty for the root object
        }
        String schemaLocation = m.getSchemaLocation() == null || m.getSchemaLocation().getFragment() == null ? null
                : "#" + m.getSchemaLocation().getFragment();
        return new Violation(v.pointer(), v.field(), v.type(), v.keyword(), message, expected(v.keyword(), m), v.actual(),
                schemaLocation, expectedValues(v.keyword(), m), 0, 0, v.hint());
    }

    /**
     * The engine's message, cut to {@link Violation#MAX_TEXT_CHARS}; formatted from cut arguments when one is longer
     * (an enum's values, a long pattern), so a 40,000-value enum is not copied whole into every violation.
     */
    private static String message(ValidationMessage m) {
        Object[] args = m.getArguments();
        boolean tooLong = false;
        for (int i = 0; args != null && i < args.length; i++) {
            tooLong |= args[i] instanceof CharSequence text && text.length() > Violation.MAX_TEXT_CHARS;
        }
        if (!tooLong) {
            return Violation.cut(m.getMessage(), Violation.MAX_TEXT_CHARS);
        }
        Object[] cut = new Object[args.length + 1];
        cut[0] = m.getInstanceLocation(); // the engine's messages start with where: "{0}: does not have a value ..."
        for (int i = 0; i < args.length; i++) {
            cut[i + 1] = args[i] instanceof CharSequence text ? Violation.cut(text.toString(), Violation.MAX_TEXT_CHARS) : args[i];
        }
        return Violation.cut(DefaultMessageSource.getInstance().getMessage(m.getMessageKey(), Locale.ROOT, cut),
                Violation.MAX_TEXT_CHARS);
    }

    /** The rule that failed as JSON: {"maximum": 85}, {"required": ["device_id"]}, {"type": "number"}. */
    private static JsonNode expectedValues(String keyword, ValidationMessage m) {
        JsonNode s = m.getSchemaNode();
        if (s == null || keyword == null) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        if ("required".equals(keyword) && m.getProperty() != null) {
            out.putArray("required").add(m.getProperty());
        } else {
            out.set(keyword, s);
        }
        return out;
    }

    private static String expected(String keyword, ValidationMessage m) {
        JsonNode s = m.getSchemaNode();
        if (s == null) {
            return null;
        }
        return Violation.cut(switch (keyword) {
            case "required" -> "present";
            case "additionalProperties", "unevaluatedProperties" -> "absent (not in the contract)";
            case "minimum" -> ">= " + s.asText();
            case "maximum" -> "<= " + s.asText();
            case "exclusiveMinimum" -> s.isBoolean() ? "> minimum" : "> " + s.asText();
            case "exclusiveMaximum" -> s.isBoolean() ? "< maximum" : "< " + s.asText();
            case "minLength", "minItems", "minProperties" -> ">= " + s.asText() + " long";
            case "maxLength", "maxItems", "maxProperties" -> "<= " + s.asText() + " long";
            case "multipleOf" -> "multiple of " + s.asText();
            case "pattern" -> "matches " + s.asText();
            case "format" -> "format " + s.asText();
            case "const" -> "equal to " + Violation.json(s, Violation.MAX_TEXT_CHARS);
            case "enum" -> "one of " + Violation.json(s, Violation.MAX_TEXT_CHARS);
            case "type" -> s.isTextual() ? s.asText() : Violation.json(s, Violation.MAX_TEXT_CHARS);
            default -> s.isValueNode() ? s.asText() : Violation.json(s, Violation.MAX_TEXT_CHARS);
        }, Violation.MAX_TEXT_CHARS);
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    private static String unescape(String segment) {
        return segment.replace("~1", "/").replace("~0", "~");
    }


}
