package io.contractgate.breaker;

import java.util.function.Function;

/** Reads {@code contracts.breaker.*} and {@code contracts.auto-rollback}, with errors naming the key at fault. */
public final class BreakerSettings {

    private BreakerSettings() {
    }

    public static ContractBreaker.Settings from(Function<String, String> get) {
        int window = (int) number(get, "contracts.breaker.window-seconds", 300, 1, 86_400);
        long min = (long) number(get, "contracts.breaker.min-count", 50, 1, Long.MAX_VALUE);
        double jump = number(get, "contracts.breaker.ratio-jump", 0.3, 0.01, 1);
        String auto = get.apply("contracts.auto-rollback");
        auto = auto == null || auto.isBlank() ? "false" : auto.trim();
        if (!auto.equals("true") && !auto.equals("false")) {
            throw new IllegalArgumentException("contracts.auto-rollback must be true or false, was '" + auto + "'");
        }
        return new ContractBreaker.Settings(window, min, jump, Boolean.parseBoolean(auto));
    }

    private static double number(Function<String, String> get, String key, double dflt, double min, double max) {
        String v = get.apply(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v.trim());
            if (d < min || d > max) {
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + v.trim());
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
        }
    }
}
