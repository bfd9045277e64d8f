package io.contractgate.contract;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code hostname} (RFC 1123, with IDNA2008 A-labels, RFC 5890/5891) and {@code idn-hostname} (RFC 5890 U-labels)
 * formats. A U-label is checked with the code point rules of RFC 5892 (derived from the JDK's Unicode tables, plus
 * the RFC's exception list), its contextual rules (Appendix A) and the Bidi rule of RFC 5893; an A-label must be
 * canonical Punycode (RFC 3492) of a valid U-label.
 */
public final class Hostnames {

    private static final int MAX_LABEL = 63;
    private static final int MAX_NAME = 253;

    private Hostnames() {
    }

    /**
     * Drafts 4 and 6 ({@code hostname} per RFC 1034/1123 alone): LDH labels of 1 to 63 characters, at most 253 in
     * all; "--" anywhere inside a label is fine.
     */
    public static boolean isRfc1123Hostname(String value) {
        if (value.isEmpty() || value.length() > MAX_NAME) {
            return false;
        }
        for (String label : value.split("\\.", -1)) {
            if (!isLdh(label)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Draft 7 on (RFC 1123 as updated by RFC 5890): LDH labels of 1 to 63 characters, at most 253 in all; a label
     * with "--" in the 3rd and 4th position must be an A-label of a valid U-label.
     */
    public static boolean isHostname(String value) {
        if (value.isEmpty() || value.length() > MAX_NAME) {
            return false;
        }
        List<String> uLabels = new ArrayList<>();
        for (String label : value.split("\\.", -1)) {
            if (!isLdh(label)) {
                return false;
            }
            if (hasHyphens34(label)) {
                String u = aLabelToU(label);
                if (u == null) {
                    return false;
                }
                uLabels.add(u);
            } else {
                uLabels.add(label);
            }
        }
        return bidiOk(uLabels);
    }

    /** RFC 5890 internationalized host name: NR-LDH labels, A-labels or U-labels, separated by any IDNA full stop. */
    public static boolean isIdnHostname(String value) {
        if (value.isEmpty() || value.length() > MAX_NAME * 2) {
            return false; // no longer name has an ASCII form of 253 characters or less
        }
        List<String> uLabels = new ArrayList<>();
        int asciiLength = -1;
        for (String label : value.split("[.\u3002\uFF0E\uFF61]", -1)) {
            String u;
            String a;
            if (label.chars().allMatch(c -> c < 0x80)) {
                if (!isLdh(label)) {
                    return false;
                }
                if (hasHyphens34(label)) {
                    u = aLabelToU(label);
                    if (u == null) {
                        return false;
                    }
                } else {
                    u = label;
                }
                a = label;
            } else {
                if (label.codePointCount(0, label.length()) > MAX_LABEL - 4 || !isULabel(label)) {
                    return false;
                }
                u = label;
                a = "xn--" + Punycode.encode(label);
                if (a.length() > MAX_LABEL) {
                    return false;
                }
            }
            uLabels.add(u);
            asciiLength += a.length() + 1;
        }
        return asciiLength <= MAX_NAME && bidiOk(uLabels);
    }

    /** Letters, digits, hyphens; 1 to 63; no hyphen first or last. */
    private static boolean isLdh(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasHyphens34(String label) {
        return label.length() >= 4 && label.charAt(2) == '-' && label.charAt(3) == '-';
    }

    /** The U-label an A-label stands for, or null when it is not a valid A-label. */
    private static String aLabelToU(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("xn--")) {
            return null; // "--" in the 3rd and 4th position is reserved for A-labels
        }
        String u = Punycode.decode(lower.substring(4));
        if (u == null || u.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        if (!lower.substring(4).equals(Punycode.encode(u))) {
            return null; // non-canonical encoding
        }
        return isULabel(u) ? u : null;
    }

    /** RFC 5891 5.4: NFC, hyphen rules, no leading combining mark, every code point PVALID or allowed by context. */
    static boolean isULabel(String label) {
        if (label.isEmpty() || !Normalizer.isNormalized(label, Normalizer.Form.NFC)) {
            return false;
        }
        if (label.startsWith("-") || label.endsWith("-") || hasHyphens34(label)) {
            return false;
        }
        int[] cps = label.codePoints().toArray();
        int firstType = Character.getType(cps[0]);
        if (firstType == Character.NON_SPACING_MARK || firstType == Character.COMBINING_SPACING_MARK
                || firstType == Character.ENCLOSING_MARK) {
            return false;
        }
        for (int i = 0; i < cps.length; i++) {
            switch (Idna2008.property(cps[i])) {
                case PVALID -> {
                }
                case CONTEXTJ -> {
                    if (!Idna2008.contextJ(cps, i)) {
                        return false;
                    }
                }
                case CONTEXTO -> {
                    if (!Idna2008.contextO(cps, i)) {
                        return false;
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** RFC 5893: when any label is right-to-left, every label must satisfy the Bidi rule. */
    private static boolean bidiOk(List<String> labels) {
        boolean bidiDomain = false;
        for (String l : labels) {
            if (l.codePoints().map(Character::getDirectionality).anyMatch(d -> d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC || d == Character.DIRECTIONALITY_ARABIC_NUMBER)) {
                bidiDomain = true;
                break;
            }
        }
        if (!bidiDomain) {
            return true;
        }
        for (String l : labels) {
            if (!Idna2008.bidiRule(l)) {
                return false;
            }
        }
        return true;
    }
}
