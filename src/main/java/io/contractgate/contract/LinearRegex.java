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

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern compiled = compile(regex);
        return value -> compiled.matcher(value).find(); // JSON Schema patterns are not anchored
    }

    /** Translates and compiles an ECMA-262 pattern; throws {@link UnsupportedPatternException} when it cannot. */
    public static Pattern compile(String ecma) {
        String re2 = translate(ecma);
        try {
            return Pattern.compile(re2);
        } catch (PatternSyntaxException e) {
            throw unsupported(ecma, "syntax the linear-time engine does not accept (" + e.getDescription() + ")");
        }
    }

    /** The RE2 spelling of an ECMA-262 pattern with the same meaning. */
    static String translate(String p) {
        StringBuilder out = new StringBuilder(p.length() + 16);
        boolean inClass = false;
        int i = 0;
        while (i < p.length()) {
            int c = p.codePointAt(i);
            int n = Character.charCount(c);
            if (c == '\\') {
                if (i + 1 >= p.length()) {
                    throw unsupported(p, "a trailing backslash");
                }
                i = escape(p, i + 1, inClass, out);
                continue;
            }
            if (inClass) {
                if (c == ']') {
                    inClass = false;
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
                case '.' -> out.append(DOT);
                case '[' -> {
                    if (p.startsWith("[^]", i)) {
                        out.append("(?s:.)");
                        i += 3;
                        continue;
                    }
                    if (p.startsWith("[]", i)) {
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
                case '{' -> {
                    Matcher m = QUANTIFIER.matcher(p).region(i, p.length());
                    if (m.lookingAt()) {
                        checkRepeat(p, m.group(1));
                        if (m.group(3) != null && !m.group(3).isEmpty()) {
                            checkRepeat(p, m.group(3));
                        }
                        out.append(m.group());
                        i = m.end();
                        continue;
                    }
                    out.append("\\{"); // a brace that is no quantifier is a literal in ECMA (Annex B)
                }
                case '}' -> out.append("\\}");
                default -> out.appendCodePoint(c);
            }
            i += n;
        }
        if (inClass) {
            throw unsupported(p, "an unterminated character class");
        }
        return out.toString();
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
            compile(value);
            return true;
        } catch (UnsupportedPatternException e) {
            if (!e.validEcma()) {
                return false;
            }
            try {
                java.util.regex.Pattern.compile(value);
                return true;
            } catch (RuntimeException notJava) {
                return false;
            }
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
