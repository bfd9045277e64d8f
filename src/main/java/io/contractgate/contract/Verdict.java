package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The outcome of checking one payload against its contract.
 *
 * @param valid      true when the payload satisfies the contract
 * @param root       the parsed payload, or null when it did not parse
 * @param sensorId   the sensor id read from the payload, or null
 * @param violations every violation, most critical first (empty when valid)
 */
public record Verdict(boolean valid, JsonNode root, String sensorId, List<Violation> violations) {

    /** The most critical error type, or null when valid. */
    public ErrorType primaryError() {
        return violations.isEmpty() ? null : violations.get(0).type();
    }
}
