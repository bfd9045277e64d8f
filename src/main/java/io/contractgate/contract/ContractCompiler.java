package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;

/**
 * Compiles JSON Schema text into a {@link Contract} with the networknt engine (the one camel-json-validator uses).
 */
public final class ContractCompiler {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Draft used when a schema has no $schema. */
    public static final VersionFlag DEFAULT_DRAFT = VersionFlag.V202012;

    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_POINTER)
            // draft 2019-09+ treat "format" as annotation only; contracts are assertions, so check formats
            .formatAssertionsEnabled(true)
            .build();

    /** Compiles a schema; throws {@link InvalidContractException} naming the problem when it is not a usable schema. */
    public Contract compile(String id, String schemaText) {
        JsonNode node;
        try {
            node = MAPPER.readTree(schemaText);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidContractException("contract '" + id + "' is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidContractException("contract '" + id + "' must be a JSON object");
        }
        VersionFlag version;
        try {
            version = SpecVersionDetector.detectOptionalVersion(node, false).orElse(DEFAULT_DRAFT);
        } catch (RuntimeException e) {
            throw new InvalidContractException("contract '" + id + "' has an unsupported $schema: " + node.path("$schema").asText());
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version);
        checkAgainstMetaSchema(id, node, version);
        JsonSchema schema;
        try {
            schema = factory.getSchema(node, config);
            schema.initializeValidators(); // resolve refs and build validators now, not on the first message
        } catch (RuntimeException e) {
            throw new InvalidContractException("contract '" + id + "' does not compile: " + e.getMessage());
        }
        String title = node.path("title").asText(id);
        return new Contract(id, hash(schemaText), title, schema, schemaText);
    }

    /** Rejects schemas that are JSON but not valid against their draft's meta-schema (e.g. "minimum": "ten"). */
    private static void checkAgainstMetaSchema(String id, JsonNode node, VersionFlag version) {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(version);
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
