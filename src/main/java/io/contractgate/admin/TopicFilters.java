package io.contractgate.admin;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MQTT topic and topic-filter rules (MQTT 5 spec 4.7): wildcard placement, matching, and the loop check for a
 * mapping's output patterns, where {@code {topic}} stands for the concrete topic a message arrived on.
 */
public final class TopicFilters {

    /** MQTT strings are at most 65535 bytes; we keep topics far shorter so they stay readable in reports. */
    public static final int MAX_BYTES = 1024;
    public static final String TOKEN = "{topic}";

    private TopicFilters() {
    }

    /** Null when the filter is a valid subscription filter, else what is wrong with it. */
    public static String filterProblem(String filter) {
        String common = commonProblem(filter);
        if (common != null) {
            return common;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                return "'#' must be a whole level and the last one";
            }
            if (level.contains("+") && !level.equals("+")) {
                return "'+' must be a whole level";
            }
        }
        if (filter.startsWith("$share/")) {
            return "shared subscriptions ($share/...) are not supported for mappings";
        }
        return null;
    }

    /** Null when the text is a valid topic name to publish to (no wildcards), else what is wrong with it. */
    /**
     * Null when a mapping's route can subscribe to exactly this filter, else why not. The filter becomes the path of
     * the route's MQTT endpoint URI, which Camel percent-decodes: {@code plant/%23} subscribed to {@code plant/#}
     * (the loop check had passed the literal filter, so one message was republished without end), {@code %41} to
     * {@code A}; a {@code ?} ends the path; spaces other than U+0020 are not allowed in a URI at all.
     */
    public static String endpointProblem(String filter) {
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '%') {
                return "must not contain '%': the MQTT endpoint reads %23 as '#' and would subscribe to another filter";
            }
            if (c == '?') {
                return "must not contain '?' (it would end the MQTT endpoint's path)";
            }
            if (c != ' ' && Character.isSpaceChar(c)) {
                return String.format("must not contain U+%04X (spaces other than U+0020 and line separators cannot be in"
                        + " the MQTT endpoint's URI)", (int) c);
            }
        }
        return null;
    }

    public static String topicProblem(String topic) {
        String common = commonProblem(topic);
        if (common != null) {
            return common;
        }
        if (topic.contains("+") || topic.contains("#")) {
            return "must not contain the wildcards '+' or '#'";
        }
        if (topic.startsWith("$")) {
            return "must not start with '$' (reserved for the broker)";
        }
        return null;
    }

    /**
     * Null when the output pattern is a valid topic once {@code {topic}} is replaced by a source topic, else what is
     * wrong with it.
     */
    public static String outputPatternProblem(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return "must not be empty";
        }
        int at = pattern.indexOf(TOKEN);
        if (at >= 0 && pattern.indexOf(TOKEN, at + 1) >= 0) {
            return "'" + TOKEN + "' may appear only once";
        }
        String sample = pattern.replace(TOKEN, "x");
        if (sample.contains("{") || sample.contains("}")) {
            return "braces are only allowed as the token " + TOKEN;
        }
        return topicProblem(sample);
    }

    private static String commonProblem(String s) {
        if (s == null || s.isEmpty()) {
            return "must not be empty";
        }
        if (s.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes";
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                // C1 controls (U+0080..U+009F) too: MQTT says a topic should not hold them, and Paho refuses them
                return "must not contain control characters";
            }
        }
        if (s.contains("{{") || s.contains("}}")) {
            return "must not contain '{{' or '}}' (Camel property placeholders)";
        }
        return null;
    }

    /** Whether a concrete topic matches a subscription filter. */
    public static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (topic.startsWith("$") && (f[0].equals("+") || f[0].equals("#"))) {
            return false; // wildcards at the first level never match $-topics
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
    }

    /**
     * A concrete topic the filter matches, to show as an example: each '+' becomes one sample level, '#' becomes
     * nothing, one level or two levels (it matches the parent too).
     */
    public static List<String> samples(String filter) {
        List<String> out = new ArrayList<>();
        String[] levels = filter.split("/", -1);
        boolean hash = levels[levels.length - 1].equals("#");
        StringBuilder base = new StringBuilder();
        int n = hash ? levels.length - 1 : levels.length;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                base.append('/');
            }
            base.append(levels[i].equals("+") ? "x" : levels[i]);
        }
        if (!hash) {
            out.add(base.toString());
            return out;
        }
        String prefix = base.toString();
        if (!prefix.isEmpty()) {
            out.add(prefix);
        }
        out.add(prefix.isEmpty() ? "x" : prefix + "/x");
        out.add(prefix.isEmpty() ? "x/y" : prefix + "/x/y");
        return out;
    }

    /**
     * Whether an output pattern fed by {@code sourceFilter} can publish to a topic that {@code otherFilter} matches
     * (with otherFilter == sourceFilter: a message would loop back into its own mapping). Decided exactly, not on
     * sample topics: {@code +/a/#} with {@code a/{topic}} feeds only its {@code a/a/...} topics back, without end,
     * which the sample {@code x/a} never shows.
     */
    public static boolean outputCanMatch(String sourceFilter, String outputPattern, String otherFilter) {
        int at = outputPattern.indexOf(TOKEN);
        List<int[]> outputs = new ArrayList<>();
        if (at < 0) {
            outputs.add(outputPattern.chars().toArray());
        } else {
            int[] prefix = outputPattern.substring(0, at).chars().toArray();
            int[] suffix = outputPattern.substring(at + TOKEN.length()).chars().toArray();
            for (int[] topics : globs(sourceFilter)) {
                outputs.add(concat(prefix, topics, suffix));
            }
        }
        for (int[] output : outputs) {
            for (int[] consumed : globs(otherFilter)) {
                if (overlap(output, consumed)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** In a glob, a level's characters ('+'), or any characters ('#'); every other element is a literal char. */
    private static final int ANY_IN_LEVEL = -1;
    private static final int ANY = -2;

    /** The topics a filter matches as globs: '+' any level, a last '#' the parent itself or anything below it. */
    private static List<int[]> globs(String filter) {
        if (filter.equals("#")) {
            return List.of(new int[] {ANY});
        }
        boolean hash = filter.endsWith("/#");
        String levels = hash ? filter.substring(0, filter.length() - 2) : filter;
        List<Integer> glob = new ArrayList<>();
        String[] split = levels.split("/", -1);
        for (int i = 0; i < split.length; i++) {
            String level = split[i];
            if (i > 0) {
                glob.add((int) '/');
            }
            if (level.equals("+")) {
                glob.add(ANY_IN_LEVEL);
            } else {
                level.chars().forEach(glob::add);
            }
        }
        int[] parent = glob.stream().mapToInt(Integer::intValue).toArray();
        return hash ? List.of(parent, concat(parent, new int[] {'/'}, new int[] {ANY})) : List.of(parent);
    }

    private static int[] concat(int[] a, int[] b, int[] c) {
        int[] out = new int[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }

    /**
     * Whether one topic matches both globs. Dynamic programming over (position in a, position in b), from the ends:
     * a wildcard ends, or takes the other side's next literal. A text both wildcards would produce together can be
     * left out (both accept any shorter text), so no step needs it. '+' and '#' at the first level never produce a
     * leading '$' (MQTT 4.7.2), so a literal '$' there meets only a literal '$'.
     */
    private static boolean overlap(int[] a, int[] b) {
        if (a.length > 0 && b.length > 0 && (a[0] == '$' && b[0] < 0 || b[0] == '$' && a[0] < 0)) {
            return false;
        }
        boolean[] next = new boolean[b.length + 1]; // row i + 1
        boolean[] row = new boolean[b.length + 1];
        for (int i = a.length; i >= 0; i--) {
            for (int j = b.length; j >= 0; j--) {
                boolean r;
                if (i == a.length && j == b.length) {
                    r = true;
                } else if (i == a.length) {
                    r = b[j] < 0 && row[j + 1];
                } else if (j == b.length) {
                    r = a[i] < 0 && next[j];
                } else if (a[i] < 0 || b[j] < 0) {
                    r = a[i] < 0 && (next[j] || b[j] >= 0 && takes(a[i], b[j]) && row[j + 1])
                            || b[j] < 0 && (row[j + 1] || a[i] >= 0 && takes(b[j], a[i]) && next[j]);
                } else {
                    r = a[i] == b[j] && next[j + 1];
                }
                row[j] = r;
            }
            boolean[] t = next;
            next = row;
            row = t;
        }
        return next[0];
    }

    private static boolean takes(int wildcard, int c) {
        return wildcard == ANY || c != '/';
    }

    /**
     * Whether an output pattern fed by {@code sourceFilter} publishes to exactly {@code topic}: the pattern itself
     * without the token, else what stands in for {@value #TOKEN} is a topic the source filter matches.
     */
    public static boolean outputCanProduce(String sourceFilter, String outputPattern, String topic) {
        int at = outputPattern.indexOf(TOKEN);
        if (at < 0) {
            return outputPattern.equals(topic);
        }
        String prefix = outputPattern.substring(0, at);
        String suffix = outputPattern.substring(at + TOKEN.length()); // one token at most (outputPatternProblem)
        if (topic.length() <= prefix.length() + suffix.length() || !topic.startsWith(prefix) || !topic.endsWith(suffix)) {
            return false;
        }
        return matches(sourceFilter, topic.substring(prefix.length(), topic.length() - suffix.length()));
    }
}
