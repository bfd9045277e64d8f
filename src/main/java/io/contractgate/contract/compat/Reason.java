package io.contractgate.contract.compat;

/**
 * Why a change is not (provably) compatible.
 *
 * @param pointer   JSON pointer into the schema where the rule applies (e.g. /properties/temperature/maximum)
 * @param rule      short rule name (e.g. "maximum", "required", "additionalProperties", "pattern")
 * @param message   the change, for people (e.g. "maximum decreased 85 → 60")
 * @param proven    true for a proven break; false for "cannot prove compatible"
 * @param direction "backward" or "forward": which guarantee the change breaks
 */
public record Reason(String pointer, String rule, String message, boolean proven, String direction) {

    /** One line for people: "{@code /properties/temperature/maximum: maximum decreased 85 → 60}". */
    public String text() {
        return (pointer.isEmpty() ? "/" : pointer) + ": " + message;
    }

    @Override
    public String toString() {
        return text() + " [" + direction + "]";
    }
}
