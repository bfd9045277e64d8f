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
 * @param number   the version number people see (3 for "v3") from the contract's saved history, or 0 when it has none
 * @param fanOut   the most subschemas one payload value is checked against (see FanOut), at least 1: a payload of n
 *                 values costs at most n × fanOut subschema checks, which the check budget ({@code contracts.check-budget}) bounds
 */
public record Contract(String id, String hash, String title, JsonSchema schema, String source, int number, long fanOut) {

    public Contract(String id, String hash, String title, JsonSchema schema, String source) {
        this(id, hash, title, schema, source, 0, 1);
    }

    public Contract(String id, String hash, String title, JsonSchema schema, String source, long fanOut) {
        this(id, hash, title, schema, source, 0, fanOut);
    }

    /** The same compiled contract with its version number. */
    public Contract withNumber(int n) {
        return n == number ? this : new Contract(id, hash, title, schema, source, n, fanOut);
    }

    /** "v3", or null when the contract has no saved history. */
    public String label() {
        return number > 0 ? "v" + number : null;
    }
}
