package io.contractgate.fleet;

import io.contractgate.contract.ContractStore;

import java.util.regex.Pattern;

/**
 * The name of one piece of shared configuration, and so of one local file: {@code mapping/<id>} (a mapping route
 * file), {@code contract/<id>} (a contract), {@code history/<id>/<file>} (a contract's versions, index and
 * compatibility level) and {@code broker} (the broker settings the fleet shares). Names come from the database and
 * become file paths, so only these forms with safe ids are accepted.
 */
public record StateKey(Kind kind, String id, String file) {

    /** What a key names, in the order a change is applied (see {@link ApplyPlan}). */
    public enum Kind { HISTORY, CONTRACT, MAPPING, BROKER }

    public static final String BROKER = "broker";
    private static final Pattern HISTORY_FILE = Pattern.compile("[0-9]{1,9}\\.schema\\.json|index\\.jsonl|compatibility\\.json");

    public static StateKey mapping(String id) {
        return parse("mapping/" + id);
    }

    public static StateKey contract(String id) {
        return parse("contract/" + id);
    }

    public static StateKey history(String id, String file) {
        return parse("history/" + id + "/" + file);
    }

    /** Parses a key; an unknown form or unsafe id is refused with the key in the message. */
    public static StateKey parse(String key) {
        if (BROKER.equals(key)) {
            return new StateKey(Kind.BROKER, "broker", null);
        }
        String[] parts = key == null ? new String[0] : key.split("/", -1);
        if (parts.length == 2 && parts[0].equals("mapping") && safeId(parts[1])) {
            return new StateKey(Kind.MAPPING, parts[1], null);
        }
        if (parts.length == 2 && parts[0].equals("contract") && safeId(parts[1])) {
            return new StateKey(Kind.CONTRACT, parts[1], null);
        }
        if (parts.length == 3 && parts[0].equals("history") && safeId(parts[1])
                && HISTORY_FILE.matcher(parts[2]).matches()) {
            return new StateKey(Kind.HISTORY, parts[1], parts[2]);
        }
        throw new IllegalArgumentException("not a shared configuration key: '"
                + String.valueOf(key).replaceAll("\\p{Cntrl}", "?") + "'");
    }

    /** Whether a text is a shared configuration key. */
    public static boolean valid(String key) {
        try {
            parse(key);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean safeId(String id) {
        return ContractStore.ID.matcher(id).matches() && !id.contains("..");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BROKER -> BROKER;
            case MAPPING -> "mapping/" + id;
            case CONTRACT -> "contract/" + id;
            case HISTORY -> "history/" + id + "/" + file;
        };
    }
}
