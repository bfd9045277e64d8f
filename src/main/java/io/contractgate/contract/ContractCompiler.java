package io.contractgate.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion.VersionFlag;
import com.networknt.schema.SpecVersionDetector;
import com.networknt.schema.ValidationMessage;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles JSON Schema text into a {@link Contract} with the networknt engine (the one camel-json-validator uses).
 */
public final class ContractCompiler {

    /**
     * Deepest JSON nesting of a contract. The engine recurses per level while compiling and validating, more deeply
     * while its code is still interpreted: 500 levels of {@code not} were saved from an HTTP worker and then overflowed
     * the main thread's 1 MB stack at the next start (300 did not). 128 levels compile with half that stack, and
     * describe payloads 63 levels deep by nested {@code properties}; deeper ones can share a {@code $defs} entry.
     */
    public static final int MAX_DEPTH = 128;
    /**
     * Most subschemas one value may be checked against ({@link FanOut}): a contract written for people stays near
     * ten; 15 levels of anyOf over shared $defs (32,768 paths) compiled in 11 s and ran the heap out on a message.
     */
    public static final long MAX_FAN_OUT = 1000;
    /**
     * Largest contract, in bytes: four times what the admin API takes by default (a contract written for people is a
     * few KB). A 50 MB file dropped into the contracts folder by hand was read, parsed and hashed whole, several times
     * its size at once, in the gateway's 128 MB heap.
     */
    public static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build()).build();
    /** Factories for the meta-schema check: they load bundled meta-schemas only, and cache them. */
    private static final java.util.Map<VersionFlag, JsonSchemaFactory> META_FACTORIES =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Why a contract cannot decide: its references loop (the message a refused save and a report give). */
    static final String ENDLESS_REFERENCES = "refers to itself without end (or through thousands of references): a"
            + " $ref cycle that never moves into the payload, e.g. {\"$ref\": \"#\"} or $defs that refer to each other";

    /** One value of each JSON type: validating them reaches every reference loop at a contract's root. */
    private static final List<JsonNode> PROBES = List.of(
            NullNode.instance,
            BooleanNode.TRUE,
            IntNode.valueOf(0),
            TextNode.valueOf(""),
            MAPPER.createObjectNode(),
            MAPPER.createArrayNode());
    /** Draft used when a schema has no $schema. */
    public static final VersionFlag DEFAULT_DRAFT = VersionFlag.V202012;

    /** The engine's settings for one compile: each contract gets its own budget of pattern steps. */
    private static SchemaValidatorsConfig config() {
        return SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_POINTER)
                // draft 2019-09+ treat "format" as annotation only; contracts are assertions, so check formats
                .formatAssertionsEnabled(true)
                // linear-time matching: a contract's pattern cannot hold a mapping for minutes on one message
                .regularExpressionFactory(new LinearRegex())
                .build();
    }

    private final ContractReferences references;

    /** A compiler whose contracts may refer to bundled meta-schemas only. */
    public ContractCompiler() {
        this(ContractReferences.none());
    }

    /** A compiler whose contracts may also refer to the stored contracts {@code references} serves. */
    public ContractCompiler(ContractReferences references) {
        this.references = references;
    }

    /** The refusal of a contract over {@link #MAX_BYTES}, before it is read or parsed. */
    public static InvalidContractException tooLarge(String id, long size) {
        return new InvalidContractException("contract '" + id + "' is " + size + " bytes, more than the "
                + MAX_BYTES / (1024 * 1024) + " MiB a contract may have; split it with $ref to other contracts");
    }

    /** Compiles a schema; throws {@link InvalidContractException} naming the problem when it is not a usable schema. */
    public Contract compile(String id, String schemaText) {
        if (schemaText.length() > MAX_BYTES) { // a character is at least one byte
            throw tooLarge(id, schemaText.length());
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(schemaText);
        } catch (StreamConstraintsException e) {
            throw new InvalidContractException("contract '" + id + "' nests too deeply: more than " + MAX_DEPTH
                    + " levels of JSON; flatten it with $defs and $ref");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // where, as a payload's invalid_json says it: a hand-edited file's log line is no use without the line
            var at = e.getLocation();
            throw new InvalidContractException("contract '" + id + "' is not valid JSON: " + e.getOriginalMessage()
                    + (at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")" : ""));
        }
        if (node == null || !(node.isObject() || node.isBoolean())) {
            // a boolean schema is a whole contract too: true accepts every payload, false none
            throw new InvalidContractException("contract '" + id + "' must be a JSON object or a boolean (true/false)");
        }
        String huge = PayloadValidator.hugeNumber(node, "");
        if (huge != null) {
            // read as infinity: the engine's multipleOf and enum then fail to compile with NumberFormatException, and
            // a const of it threw on every number a message held
            throw new InvalidContractException("contract '" + id + "': the number at " + (huge.isEmpty() ? "its root"
                    : huge) + " is beyond ±1.8e308, the range of a 64-bit floating-point number the gateway checks with");
        }
        String count = countBeyondInt(node, "");
        if (count != null) {
            // the engine reads them as int: maxLength 4294967298 allowed 2 characters, minItems 4294967297 one item
            throw new InvalidContractException("contract '" + id + "': " + count + " is more than " + Integer.MAX_VALUE
                    + ", the largest count the gateway checks");
        }
        JsonNode declared = node.get("$schema");
        if (declared != null && (!declared.isTextual() || VersionFlag.fromId(declared.asText()).isEmpty())) {
            // an unknown meta-schema would have to be fetched: refuse rather than load it
            throw new InvalidContractException("contract '" + id + "': $schema "
                    + ContractReferences.refused(declared.asText()).getMessage().substring("reference ".length()));
        }
        VersionFlag version;
        try {
            version = SpecVersionDetector.detectOptionalVersion(node, false).orElse(DEFAULT_DRAFT);
        } catch (RuntimeException e) {
            throw new InvalidContractException("contract '" + id + "' has an unsupported $schema: " + node.path("$schema").asText());
        }
        checkAgainstMetaSchema(id, node, version);
        // drafts 2019-09 and 2020-12: a $ref beside an $id is resolved against that $id (see SiblingRefs)
        JsonNode engineView = version == VersionFlag.V201909 || version == VersionFlag.V202012
                ? SiblingRefs.absolutize(node) : node;
        long fanOut = refuseExponentialFanOut(id, engineView);
        // a factory per compile: it caches the documents it loaded, and a referenced contract may have changed
        JsonSchemaFactory factory = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(version))
                .metaSchema(Formats.metaSchema(version))
                .schemaLoaders(loaders -> loaders.add(references))
                .build();
        JsonSchema schema;
        try {
            schema = factory.getSchema(engineView, config());
            schema.initializeValidators(); // resolve refs and build validators now, not on the first message
        } catch (RuntimeException e) {
            InvalidContractException refused = refusal(e);
            if (refused != null) {
                throw new InvalidContractException("contract '" + id + "': " + refused.getMessage());
            }
            throw new InvalidContractException("contract '" + id + "' does not compile: " + e.getMessage());
        }
        refuseEndlessReferences(id, schema);
        String title = node.path("title").asText(id);
        return new Contract(id, hash(schemaText), title, schema, schemaText, Math.max(1, fanOut));
    }

    /**
     * Refuses a contract whose references loop without ever moving into the payload ({@code {"$ref": "#"}}, two
     * {@code $defs} referring to each other): the engine follows them until the stack overflows, on every message.
     * Checked by validating a value of each JSON type, which reaches every loop at the contract's root; a loop only
     * some payload shape reaches is caught per message by {@link PayloadValidator}.
     */
    private static void refuseEndlessReferences(String id, JsonSchema schema) {
        for (JsonNode probe : PROBES) {
            try {
                schema.validate(probe);
            } catch (StackOverflowError e) {
                throw new InvalidContractException("contract '" + id + "' " + ENDLESS_REFERENCES);
            } catch (RuntimeException e) {
                // any other engine trouble with a probe value is not this check's business
            }
        }
    }


    /**
     * Refuses a contract that checks one value against more than {@link #MAX_FAN_OUT} subschemas (see {@link FanOut}),
     * before the engine builds it: the engine makes a schema object per path through the nesting, at compile time.
     * Returns the fan-out, which bounds the work of checking one payload value.
     */
    private long refuseExponentialFanOut(String id, JsonNode node) {
        long fanOut;
        try {
            fanOut = FanOut.of(node, this::referencedContract);
        } catch (StackOverflowError e) {
            throw new InvalidContractException("contract '" + id + "' " + ENDLESS_REFERENCES);
        }
        if (fanOut > MAX_FAN_OUT) {
            throw new InvalidContractException("contract '" + id + "' checks one value against " + (fanOut >= 1L << 40
                    ? "over " + (1L << 40) : fanOut) + " subschemas (allOf, anyOf, oneOf, not, if/then/else and references"
                    + " nested in one another), more than " + MAX_FAN_OUT + "; nest fewer of them");
        }
        return fanOut;
    }

    /** Another contract's or a bundled meta-schema's JSON, as the engine would load it; empty where it would not. */
    private Optional<JsonNode> referencedContract(String iri) {
        try {
            // a bundled meta-schema is counted too: 400 references to it in one anyOf took 5 s per message
            var meta = new com.networknt.schema.resource.MetaSchemaMapper().map(com.networknt.schema.AbsoluteIri.of(iri));
            var source = meta != null ? null : references.getSchema(com.networknt.schema.AbsoluteIri.of(iri));
            try (var in = source != null ? source.getInputStream() : meta == null ? null
                    : JsonSchemaFactory.class.getClassLoader().getResourceAsStream(meta.toString().replaceFirst("^classpath:", ""))) {
                return in == null ? Optional.empty() : Optional.ofNullable(MAPPER.readTree(in));
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty(); // refused or unreadable: the engine's compile says so, naming it
        }
    }

    /** Keywords whose value is a count of characters, items or properties. */
    private static final Set<String> COUNTS = Set.of("minLength", "maxLength", "minItems", "maxItems", "minProperties",
            "maxProperties", "minContains", "maxContains");

    /** The pointer of the first count keyword above Integer.MAX_VALUE, or null (values of const, enum, ... skipped). */
    private static String countBeyondInt(JsonNode node, String pointer) {
        return PayloadValidator.firstPointer(node, pointer, (name, v) -> COUNTS.contains(name) && v.isNumber()
                && v.doubleValue() > Integer.MAX_VALUE, Set.of("const", "enum", "default", "examples"));
    }

    /** The reference or pattern refusal somewhere in an engine exception's causes, if that is what stopped it. */
    private static InvalidContractException refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidContractException ice) {
                return ice;
            }
        }
        return null;
    }

    /** Rejects schemas that are JSON but not valid against their draft's meta-schema (e.g. "minimum": "ten"). */
    private static void checkAgainstMetaSchema(String id, JsonNode node, VersionFlag version) {
        JsonSchemaFactory factory = META_FACTORIES.computeIfAbsent(version, v -> JsonSchemaFactory
                .builder(JsonSchemaFactory.getInstance(v))
                .metaSchema(Formats.metaSchema(v)) // "pattern" is checked as ECMA-262, not as java.util.regex
                .schemaLoaders(loaders -> loaders.add(ContractReferences.none()))
                .build());
        String metaUri = metaSchemaUri(version);
        JsonSchema meta;
        try {
            meta = factory.getSchema(com.networknt.schema.SchemaLocation.of(metaUri));
        } catch (RuntimeException e) {
            return; // meta-schema not bundled for this draft: compiling is the remaining check
        }
        Set<ValidationMessage> problems = meta.validate(node);
        if (!problems.isEmpty()) {
            ValidationMessage first = problems.iterator().next();
            throw new InvalidContractException("contract '" + id + "' is not a valid JSON Schema: " + first.getMessage());
        }
    }

    private static String metaSchemaUri(VersionFlag version) {
        return switch (version) {
            case V4 -> "http://json-schema.org/draft-04/schema#";
            case V6 -> "http://json-schema.org/draft-06/schema#";
            case V7 -> "http://json-schema.org/draft-07/schema#";
            case V201909 -> "https://json-schema.org/draft/2019-09/schema";
            default -> "https://json-schema.org/draft/2020-12/schema";
        };
    }

    /** "sha256:" plus 12 hex digits of the schema text's SHA-256. */
    public static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
