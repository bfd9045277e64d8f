package io.contractgate.contract;

import com.networknt.schema.JsonSchema;

/**
 * A compiled contract: its id, the content hash of the file it came from, and the compiled JSON Schema.
 *
 * @param id       contract id (the file stem in the contracts folder)
 * @param hash     "sha256:" plus the first 12 hex digits of the file's SHA-256, identifying the version in force
 * @param title    the schema's title, or the id
 * @param schema   the compiled schema, reused for every message
 * @param source   the raw schema text as loaded
 */
public record Contract(String id, String hash, String title, JsonSchema schema, String source) {
}
