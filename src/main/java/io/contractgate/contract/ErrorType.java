package io.contractgate.contract;

import java.util.Locale;

/**
 * The documented set of violation types, in priority order: the first one present in a report is its primary error.
 */
public enum ErrorType {
    // Declaration order is the priority order used for primary_error (see README, "Error types").
    INVALID_JSON,
    MISSING_FIELD,
    WRONG_TYPE,
    UNEXPECTED_FIELD,
    OUT_OF_RANGE,
    NOT_ALLOWED_VALUE,
    PATTERN_MISMATCH,
    LENGTH,
    OTHER;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name used in reports, metrics labels and Influx fields. */
    public String wireName() {
        return wireName;
    }

    /** Maps a JSON Schema keyword (as reported by the validator) to its error type. */
    public static ErrorType forKeyword(String keyword) {
        if (keyword == null) {
            return OTHER;
        }
        switch (keyword) {
            case "required":
            case "dependentRequired":
            case "dependencies":
                return MISSING_FIELD;
            case "type":
                return WRONG_TYPE;
            case "additionalProperties":
            case "unevaluatedProperties":
            case "propertyNames":
                return UNEXPECTED_FIELD;
            case "minimum":
            case "maximum":
            case "exclusiveMinimum":
            case "exclusiveMaximum":
            case "multipleOf":
                return OUT_OF_RANGE;
            case "enum":
            case "const":
                return NOT_ALLOWED_VALUE;
            case "pattern":
            case "format":
                return PATTERN_MISMATCH;
            case "minLength":
            case "maxLength":
            case "minItems":
            case "maxItems":
            case "minProperties":
            case "maxProperties":
            case "uniqueItems":
            case "maxPayloadBytes":
                return LENGTH;
            default:
                return OTHER;
        }
    }
}
