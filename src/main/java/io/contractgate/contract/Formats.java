package io.contractgate.contract;

import java.util.Set;

/**
 * The {@code format} checks contracts assert, where the gateway replaces or withdraws networknt's own (public
 * {@link com.networknt.schema.Format} API only).
 */
public final class Formats {

    /** Formats the gateway cannot check exactly: annotations only, never asserted (listed in the README). */
    public static final Set<String> ANNOTATION_ONLY = Set.of();

    private Formats() {
    }
}
