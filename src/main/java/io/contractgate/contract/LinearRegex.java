package io.contractgate.contract;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.util.Map;
import java.util.regex.Matcher;

/**
 * Runs a contract's {@code pattern} and {@code patternProperties} on RE2/J, whose matching time is linear in the
 * input (no catastrophic backtracking, whatever the pattern). The ECMA-262 pattern is translated where the two
 * dialects differ only in spelling ({@code \s}, {@code .}, unicode escapes, {@code \p{Letter}}, {@code (?<name>)},
 * {@code [^]}) so the meaning stays the ECMA one; a feature RE2 cannot run (backreferences, lookahead, lookbehind)
 * is refused with an {@link UnsupportedPatternException} naming the pattern and the feature, never approximated.
 *
 * <p>Longer than ~250 lines on purpose: the translation is one scanner over the pattern (escapes, classes, groups);
 * splitting it would split that state. LinearRegexTest pins each translated construct and each refusal.
 */
public final class LinearRegex implements RegularExpressionFactory {

    /** ECMA-262 WhiteSpace and LineTerminator code points (what {@code \s} means there), as class contents. */
    static final String WHITESPACE = "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
            + "\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";
    /** ECMA-262 {@code .}: anything but a line terminator. */
    private static final String DOT = "[^\\n\\r\\x{2028}\\x{2029}]";
    /** RE2's largest repetition count. */
    private static final int MAX_REPEAT = 1000;
    /**
     * Largest program one pattern may compile to, in RE2 steps (about 70 bytes of heap each): repetitions are
     * written out, so {@code ((a{1000}){1000}){1000}} asked for 10^9 of them and ran the heap out at save, and with
     * {@code "format": "regex"} on every 25-byte message. 100,000 steps compile in about 0.1 s into some 7 MB.
     */
    public static final long MAX_PATTERN_STEPS = 100_000;
    /** Largest total of the programs of one contract's patterns: 1,000 patterns of {@code (a{1000}){10}} (56 KB). */
    public static final long MAX_CONTRACT_STEPS = 250_000;
    /**
     * Longest run of plain characters the syntax check hands RE2/J in one piece: its compile time grows with the
     * square of a literal's length (a 250,000-character one took 10 s, on every message with {@code "format":
     * "regex"}); cut into runs it takes 0.2 s.
     */
    private static final int LITERAL_RUN = 64;
    private static final java.util.regex.Pattern QUANTIFIER = java.util.regex.Pattern.compile("\\{(\\d+)(,(\\d*))?}");
    private static final Map<String, String> CATEGORIES = Map.ofEntries(
            Map.entry("Letter", "L"), Map.entry("Cased_Letter", "LC"), Map.entry("Uppercase_Letter", "Lu"),
            Map.entry("Lowercase_Letter", "Ll"), Map.entry("Titlecase_Letter", "Lt"),
            Map.entry("Modifier_Letter", "Lm"), Map.entry("Other_Letter", "Lo"), Map.entry("Mark", "M"),
            Map.entry("Combining_Mark", "M"), Map.entry("Nonspacing_Mark", "Mn"), Map.entry("Spacing_Mark", "Mc"),
            Map.entry("Enclosing_Mark", "Me"), Map.entry("Number", "N"), Map.entry("Decimal_Number", "Nd"),
            Map.entry("digit", "Nd"), Map.entry("Letter_Number", "Nl"), Map.entry("Other_Number", "No"),
            Map.entry("Punctuation", "P"), Map.entry("punct", "P"), Map.entry("Connector_Punctuation", "Pc"),
            Map.entry("Dash_Punctuation", "Pd"), Map.entry("Open_Punctuation", "Ps"),
            Map.entry("Close_Punctuation", "Pe"), Map.entry("Initial_Punctuation", "Pi"),
            Map.entry("Final_Punctuation", "Pf"), Map.entry("Other_Punctuation", "Po"), Map.entry("Symbol", "S"),
            Map.entry("Math_Symbol", "Sm"), Map.entry("Currency_Symbol", "Sc"), Map.entry("Modifier_Symbol", "Sk"),
            Map.entry("Other_Symbol", "So"), Map.entry("Separator", "Z"), Map.entry("Space_Separator", "Zs"),
            Map.entry("Line_Separator", "Zl"), Map.entry("Paragraph_Separator", "Zp"), Map.entry("Other", "C"),
            Map.entry("Control", "Cc"), Map.entry("cntrl", "Cc"), Map.entry("Format", "Cf"),
            Map.entry("Surrogate", "Cs"), Map.entry("Private_Use", "Co"), Map.entry("Unassigned", "Cn"));

    /** Steps the patterns compiled by this factory may still take (one factory compiles one contract). */
    private final java.util.concurrent.atomic.AtomicLong stepsLeft;

    /** A factory for the patterns of one contract, {@link #MAX_CONTRACT_STEPS} in all. */
    public LinearRegex() {
        this(MAX_CONTRACT_STEPS);
    }

    LinearRegex(long contractSteps) {
        this.stepsLeft = new java.util.concurrent.atomic.AtomicLong(contractSteps);
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Translation t = translation(regex, false);
        if (stepsLeft.addAndGet(-t.steps()) < 0) {
            throw cannotRun(regex, "repetitions that bring the contract's patterns to more than " + MAX_CONTRACT_STEPS
                    + " steps in all");
        }
        Pattern compiled = compile(regex, t);
        return value -> compiled.matcher(value).find(); // JSON Schema patterns are not anchored
    }

    /** Translates and compiles an ECMA-262 pattern; throws {@link UnsupportedPatternException} when it cannot. */
    public static Pattern compile(String ecma) {
        return compile(ecma, translation(ecma, false));
    }

    private static Pattern compile(String ecma, Translation t) {
        try {
            return Pattern.compile(t.re2());
        } catch (PatternSyntaxException e) {
            throw unsupported(ecma, "syntax the linear-time engine does not accept (" + e.getDescription() + ")");
        }
    }

    /** The RE2 spelling of an ECMA-262 pattern with the same meaning. */
    static String translate(String p) {
        return translation(p, false).re2();
    }

    /** A pattern in RE2 spelling, and an upper bound of the steps of its compiled program (repetitions written out). */
    private record Translation(String re2, long steps) {
    }

    /**
     * Translates an ECMA-262 pattern, counting the steps it compiles to: each atom once, times every repetition count
     * around it. With {@code clampCounts} every count above 1 is written as 1 (same syntax, a program no longer than
     * the text), for checking the syntax alone; else a program over {@link #MAX_PATTERN_STEPS} is refused.
     */
    private static Translation translation(String p, boolean clampCounts) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        // per open group: {steps so far, steps of the last element (what a following count repeats)}
        java.util.ArrayDeque<long[]> groups = new java.util.ArrayDeque<>();
        groups.push(new long[2]);
        boolean inClass = false;
        int run = 0; // plain characters in a row
        int i = 0;
        while (i < p.length()) {
            int c = p.codePointAt(i);
            run = inClass || c == '\\' || "().[]{}|*+?".indexOf(c) >= 0 ? 0 : run + 1;
            int n = Character.charCount(c);
            if (c == '\\') {
                if (i + 1 >= p.length()) {
                    throw unsupported(p, "a trailing backslash");
                }
                i = escape(p, i + 1, inClass, out);
                if (!inClass) {
                    atom(groups);
                }
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
                    atom(groups);
                    out.append(']');
                } else if (c == '[') {
                    out.append("\\["); // literal in ECMA; RE2 would read "[:alpha:]" as a POSIX class
                } else {
                    out.appendCodePoint(c);
                }
                i += n;
                continue;
            }
            switch (c) {
                case '.' -> {
                    atom(groups);
                    out.append(DOT);
                }
                case '[' -> {
                    if (p.startsWith("[^]", i)) {
                        atom(groups);
                        out.append("(?s:.)");
                        i += 3;
                        continue;
                    }
                    if (p.startsWith("[]", i)) {
                        atom(groups);
                        out.append("[^\\x{0}-\\x{10FFFF}]");
                        i += 2;
                        continue;
                    }
                    inClass = true;
                    out.append('[');
                    if (p.startsWith("[^", i)) {
                        out.append('^');
                        i++;
                    }
                }
                case '(' -> {
                    if (p.startsWith("(?=", i) || p.startsWith("(?!", i)) {
                        throw cannotRun(p, "a lookahead (" + p.substring(i, i + 3) + ")");
                    }
                    if (p.startsWith("(?<=", i) || p.startsWith("(?<!", i)) {
                        throw cannotRun(p, "a lookbehind (" + p.substring(i, i + 4) + ")");
                    }
                    groups.push(new long[2]);
                    if (p.startsWith("(?<", i)) {
                        out.append("(?P<");
                        i += 3;
                        continue;
                    }
                    if (p.startsWith("(?", i) && !p.startsWith("(?:", i)) {
                        throw unsupported(p, "a group modifier (" + p.substring(i, Math.min(p.length(), i + 4)) + ")");
                    }
                    out.append('(');
                }
                case ')' -> {
                    if (groups.size() > 1) { // an unmatched one is RE2's to refuse
                        long steps = groups.pop()[0];
                        long[] outer = groups.peek();
                        outer[0] = Math.min(outer[0] + steps, STEPS_CAP);
                        outer[1] = steps;
                    }
                    out.append(')');
                }
                case '|' -> {
                    groups.peek()[1] = 0;
                    out.append('|');
                }
                case '{' -> {
                    Matcher m = QUANTIFIER.matcher(p).region(i, p.length());
                    if (m.lookingAt()) {
                        String min = m.group(1);
                        String max = m.group(3);
                        if (clampCounts) {
                            // the syntax is the same whatever the counts, so 1 for any above (unless min > max)
                            boolean ordered = max == null || max.isEmpty() || count(min) <= count(max);
                            out.append(ordered ? "{" + clamp(min) + (m.group(2) == null ? "" : "," + (max.isEmpty() ? ""
                                    : clamp(max))) + "}" : m.group());
                        } else {
                            checkRepeat(p, min);
                            if (max != null && !max.isEmpty()) {
                                checkRepeat(p, max);
                            }
                            out.append(m.group());
                            long times = max == null ? count(min) : max.isEmpty() ? count(min) + 1
                                    : Math.max(count(min), count(max));
                            long[] g = groups.peek();
                            g[0] = Math.min(Math.max(0, g[0] + g[1] * (times - 1)), STEPS_CAP);
                            g[1] = Math.min(g[1] * times, STEPS_CAP);
                        }
                        i = m.end();
                        continue;
                    }
                    atom(groups);
                    out.append("\\{"); // a brace that is no quantifier is a literal in ECMA (Annex B)
                }
                case '}' -> {
                    atom(groups);
                    out.append("\\}");
                }
                case '*', '+', '?' -> out.appendCodePoint(c); // a loop in the program: no copies
                default -> {
                    atom(groups);
                    if (clampCounts && run > LITERAL_RUN) {
                        out.append("(?:)"); // between two characters: the same syntax, a shorter literal for RE2/J
                        run = 1;
                    }
                    out.appendCodePoint(c);
                }
            }
            i += n;
        }
        if (inClass) {
            throw unsupported(p, "an unterminated character class");
        }
        long steps = 0;
        for (long[] g : groups) {
            steps = Math.min(steps + g[0], STEPS_CAP);
        }
        if (!clampCounts && steps > MAX_PATTERN_STEPS) {
            throw cannotRun(p, "repetitions that expand to " + (steps == STEPS_CAP ? "over " + STEPS_CAP : steps)
                    + " steps, more than " + MAX_PATTERN_STEPS);
        }
        return new Translation(out.toString(), steps);
    }

    /** Above any limit, and small enough that a count (at most 1001) times it cannot overflow. */
    private static final long STEPS_CAP = 1L << 40;

    /** One more element of one step in the innermost open group. */
    private static void atom(java.util.ArrayDeque<long[]> groups) {
        long[] g = groups.peek();
        g[0] = Math.min(g[0] + 1, STEPS_CAP);
        g[1] = 1;
    }

    /** A repetition count's value, saturated (ECMA allows any number of digits). */
    private static long count(String digits) {
        return digits.length() > 7 ? 10_000_000 : Long.parseLong(digits);
    }

    private static String clamp(String digits) {
        return count(digits) > 1 ? "1" : digits;
    }

    /** Translates the escape whose letter is at {@code i}; returns the index after it. */
    private static int escape(String p, int i, boolean inClass, StringBuilder out) {
        char e = p.charAt(i);
        switch (e) {
            case 'd', 'D', 'w', 'W', 't', 'n', 'r', 'f' -> out.append('\\').append(e);
            case 'v' -> out.append("\\x{0B}");
            case 'b' -> out.append(inClass ? "\\x{08}" : "\\b");
            case 'B' -> {
                if (inClass) {
                    throw unsupported(p, "\\B inside a character class");
                }
                out.append("\\B");
            }
            case 's' -> out.append(inClass ? WHITESPACE : "[" + WHITESPACE + "]");
            case 'S' -> {
                if (inClass) {
                    throw unsupported(p, "\\S inside a character class");
                }
                out.append("[^").append(WHITESPACE).append(']');
            }
            case '0' -> {
                if (i + 1 < p.length() && Character.isDigit(p.charAt(i + 1))) {
                    throw unsupported(p, "a legacy octal escape (\\0" + p.charAt(i + 1) + ")");
                }
                out.append("\\x{0}");
            }
            case '1', '2', '3', '4', '5', '6', '7', '8', '9' ->
                    throw cannotRun(p, "a backreference (\\" + e + ")");
            case 'k' -> throw cannotRun(p, "a named backreference (\\k)");
            case 'c' -> {
                if (i + 1 < p.length() && Character.isLetter(p.charAt(i + 1)) && p.charAt(i + 1) < 128) {
                    out.append(String.format("\\x{%X}", p.charAt(i + 1) % 32));
                    return i + 2;
                }
                throw unsupported(p, "an incomplete control escape (\\c)");
            }
            case 'x' -> {
                if (i + 2 < p.length() && isHex(p, i + 1, i + 3)) {
                    out.append("\\x{").append(p, i + 1, i + 3).append('}');
                    return i + 3;
                }
                throw unsupported(p, "an incomplete hex escape (\\x)");
            }
            case 'u' -> {
                return unicodeEscape(p, i, out);
            }
            case 'p', 'P' -> {
                return property(p, i, out);
            }
            default -> {
                if (Character.isLetterOrDigit(e)) {
                    throw unsupported(p, "an unknown escape (\\" + e + ")");
                }
                out.append('\\');
                out.appendCodePoint(p.codePointAt(i));
                return i + Character.charCount(p.codePointAt(i));
            }
        }
        return i + 1;
    }

    private static int unicodeEscape(String p, int i, StringBuilder out) {
        if (i + 1 < p.length() && p.charAt(i + 1) == '{') {
            int close = p.indexOf('}', i + 2);
            if (close > i + 2 && close - i - 2 <= 6 && isHex(p, i + 2, close)) {
                out.append("\\x{").append(p, i + 2, close).append('}');
                return close + 1;
            }
            throw unsupported(p, "an incomplete unicode escape (\\u{...})");
        }
        if (i + 4 < p.length() + 0 && isHex(p, i + 1, i + 5)) {
            int unit = Integer.parseInt(p.substring(i + 1, i + 5), 16);
            int next = i + 5;
            // a surrogate pair written as two escapes is one code point
            if (Character.isHighSurrogate((char) unit) && p.startsWith("\\u", next) && next + 6 <= p.length()
                    && isHex(p, next + 2, next + 6)) {
                int low = Integer.parseInt(p.substring(next + 2, next + 6), 16);
                if (Character.isLowSurrogate((char) low)) {
                    out.append(String.format("\\x{%X}", Character.toCodePoint((char) unit, (char) low)));
                    return next + 6;
                }
            }
            out.append(String.format("\\x{%X}", unit));
            return next;
        }
        throw unsupported(p, "an incomplete unicode escape (\\u)");
    }

    private static int property(String p, int i, StringBuilder out) {
        char kind = p.charAt(i);
        if (i + 1 >= p.length() || p.charAt(i + 1) != '{') {
            throw unsupported(p, "a property escape without braces (\\" + kind + ")");
        }
        int close = p.indexOf('}', i + 2);
        if (close < 0) {
            throw unsupported(p, "an unterminated property escape (\\" + kind + "{)");
        }
        String body = p.substring(i + 2, close);
        String name = body;
        int eq = body.indexOf('=');
        if (eq >= 0) {
            String key = body.substring(0, eq);
            name = body.substring(eq + 1);
            if (!key.equals("General_Category") && !key.equals("gc") && !key.equals("Script") && !key.equals("sc")) {
                throw unsupported(p, "the Unicode property " + key + " (\\" + kind + "{" + body + "})");
            }
        }
        name = CATEGORIES.getOrDefault(name, name);
        if (!name.matches("[A-Za-z_]{1,40}")) {
            throw unsupported(p, "the Unicode property \\" + kind + "{" + body + "}");
        }
        out.append('\\').append(kind).append('{').append(name).append('}');
        return close + 1;
    }

    private static boolean isHex(String p, int from, int to) {
        if (to > p.length() || from >= to) {
            return false;
        }
        for (int k = from; k < to; k++) {
            if (Character.digit(p.charAt(k), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkRepeat(String p, String count) {
        if (count.length() > 4 || Integer.parseInt(count) > MAX_REPEAT) {
            throw cannotRun(p, "a repetition count over " + MAX_REPEAT + " ({" + count + "})");
        }
    }

    private static UnsupportedPatternException unsupported(String pattern, String feature) {
        return new UnsupportedPatternException("pattern '" + pattern + "' uses " + feature
                + ", which the gateway's linear-time regular-expression engine (RE2/J) cannot run", false);
    }

    /** A refusal of valid ECMA-262 that needs backtracking (or too large a repetition) to run. */
    private static UnsupportedPatternException cannotRun(String pattern, String feature) {
        return new UnsupportedPatternException("pattern '" + pattern + "' uses " + feature
                + ", which the gateway's linear-time regular-expression engine (RE2/J) cannot run", true);
    }

    /**
     * Whether a string is an ECMA-262 regular expression ({@code "format": "regex"}, and the meta-schemas' check of
     * {@code pattern}): what the translation accepts, plus valid ECMA that only the linear-time engine refuses
     * (lookaround, backreferences), judged by the JDK's compiler without running it.
     */
    public static boolean isEcmaPattern(String value) {
        try {
            // counts written as 1: the program is no longer than the text, however large the repetitions
            compile(value, translation(value, true));
            return true;
        } catch (UnsupportedPatternException e) {
            return e.validEcma() && javaAccepts(value);
        }
    }

    private static boolean javaAccepts(String value) {
        try {
            java.util.regex.Pattern.compile(value);
            return true;
        } catch (RuntimeException notJava) {
            return false;
        }
    }

    /** A pattern the linear-time engine cannot run with its ECMA-262 meaning. */
    public static final class UnsupportedPatternException extends InvalidContractException {
        private final boolean validEcma;

        public UnsupportedPatternException(String message, boolean validEcma) {
            super(message);
            this.validEcma = validEcma;
        }

        /** True when the pattern is valid ECMA-262 the engine cannot run (lookaround, backreference, huge count). */
        public boolean validEcma() {
            return validEcma;
        }
    }
}
