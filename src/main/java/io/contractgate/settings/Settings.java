package io.contractgate.settings;

import java.util.function.Function;

/**
 * The one fail-fast reader of configuration values every typed settings record uses: a blank value means "unset"
 * (the default applies), values are trimmed, and a value that does not parse or is out of range stops the start with
 * a message naming the key. Plain Java: the source is any key lookup (Camel's properties, a map, a saved file).
 */
public final class Settings {

    private final Function<String, String> source;

    private Settings(Function<String, String> source) {
        this.source = source;
    }

    /** Reads from {@code source}, which returns null or "" for an unset key. */
    public static Settings of(Function<String, String> source) {
        return new Settings(source);
    }

    /** The trimmed value, or {@code dflt} when unset. */
    public String text(String key, String dflt) {
        String v = source.apply(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /** The value as given (untrimmed: passwords may end in spaces), or null when unset. */
    public String optional(String key) {
        String v = source.apply(key);
        return v == null || v.isBlank() ? null : v;
    }

    /** A whole number, or {@code dflt} when unset. */
    public int integer(String key, int dflt) {
        return (int) whole(key, dflt, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** A whole number from {@code min} to {@code max}, or {@code dflt} when unset. */
    public int integer(String key, int dflt, int min, int max) {
        return (int) whole(key, dflt, min, max);
    }

    /** A whole number of at least {@code min}, or {@code dflt} when unset. */
    public int atLeast(String key, int dflt, int min) {
        return (int) whole(key, dflt, min, Integer.MAX_VALUE);
    }

    /** A long whole number from {@code min} to {@code max}, or {@code dflt} when unset. */
    public long longInteger(String key, long dflt, long min, long max) {
        return whole(key, dflt, min, max);
    }

    /** A decimal number, or {@code dflt} when unset. */
    public double decimal(String key, double dflt) {
        String v = text(key, null);
        if (v == null) {
            return dflt;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
        }
    }

    /** A decimal number from {@code min} to {@code max}, or {@code dflt} when unset. */
    public double decimal(String key, double dflt, double min, double max) {
        double d = decimal(key, dflt);
        if (!(d >= min && d <= max)) { // NaN too
            throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", was " + text(key, null));
        }
        return d;
    }

    /** {@code true} or {@code false}, or {@code dflt} when unset; anything else is refused. */
    public boolean bool(String key, boolean dflt) {
        String v = text(key, null);
        if (v == null) {
            return dflt;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    private long whole(String key, long dflt, long min, long max) {
        String v = text(key, null);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " must be " + range(min, max) + ", was " + n);
        }
        return n;
    }

    private static String range(long min, long max) {
        boolean noMin = min == Integer.MIN_VALUE || min == Long.MIN_VALUE;
        boolean noMax = max == Integer.MAX_VALUE || max == Long.MAX_VALUE;
        if (noMin) {
            return "at most " + max;
        }
        return noMax ? "at least " + min : "from " + min + " to " + max;
    }
}
