package io.contractgate.contract.compat;

import java.util.Arrays;
import java.util.Locale;

/**
 * Compatibility levels as Confluent Schema Registry names them. BACKWARD: the new version accepts everything the
 * previous one accepted (devices that have not updated still pass). FORWARD: the previous version accepts everything
 * the new one accepts. FULL: both. The _TRANSITIVE forms check against every saved version, not only the last.
 */
public enum CompatibilityLevel {
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true),
    NONE(false, false, false);

    /** The level of a contract that has none set. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;
    /** Name of the side file in a contract's history folder ({@code .versions/<id>/}) that holds its level. */
    public static final String FILE = "compatibility.json";

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    public boolean backward() {
        return backward;
    }

    public boolean forward() {
        return forward;
    }

    public boolean transitive() {
        return transitive;
    }

    /** Reads a level file ({@code {"level": "FULL"}}); {@link #DEFAULT} when it does not exist. */
    public static CompatibilityLevel readFile(java.nio.file.Path file) {
        if (!java.nio.file.Files.exists(file)) {
            return DEFAULT;
        }
        try {
            String level = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile()).path("level").asText(null);
            return parse(level);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new IllegalStateException("compatibility level file " + file + " is unusable: " + e.getMessage(), e);
        }
    }

    /** Parses a level name (case-insensitive); throws naming the allowed values. */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("unknown compatibility level '" + name + "' (allowed: "
                + Arrays.toString(values()) + ")");
    }
}
