package io.contractgate.breaker;

import io.contractgate.settings.Settings;

import java.util.function.Function;

/** Reads {@code contracts.breaker.*} and {@code contracts.auto-rollback}, with errors naming the key at fault. */
public final class BreakerSettings {

    private BreakerSettings() {
    }

    public static ContractBreaker.Settings from(Function<String, String> get) {
        Settings settings = Settings.of(get);
        return new ContractBreaker.Settings(
                settings.integer("contracts.breaker.window-seconds", 300, 1, 86_400),
                settings.longInteger("contracts.breaker.min-count", 50, 1, Long.MAX_VALUE),
                settings.decimal("contracts.breaker.ratio-jump", 0.3, 0.01, 1),
                settings.bool("contracts.auto-rollback", false));
    }
}
