package io.contractgate.contract;

import java.text.Normalizer;
import java.util.Locale;

/**
 * IDNA2008 code point rules: the derived property of RFC 5892 section 3 computed from the JDK's Unicode tables,
 * the contextual rules of its Appendix A, and the Bidi rule of RFC 5893. Tables the JDK lacks (the RFC's exceptions,
 * Default_Ignorable_Code_Point, Virama, Arabic Joining_Type) are written out here.
 */
final class Idna2008 {

    enum Property { PVALID, CONTEXTJ, CONTEXTO, DISALLOWED, UNASSIGNED }

    /** Code points with Canonical_Combining_Class Virama (9), for the ZWJ / ZWNJ rules. */
    private static final int[] VIRAMA = {0x094D, 0x09CD, 0x0A4D, 0x0ACD, 0x0B4D, 0x0BCD, 0x0C4D, 0x0CCD, 0x0D3B,
            0x0D3C, 0x0D4D, 0x0DCA, 0x0E3A, 0x0EBA, 0x0F84, 0x1039, 0x103A, 0x1714, 0x1715, 0x1734, 0x17D2, 0x1A60,
            0x1B44, 0x1BAA, 0x1BAB, 0x1BF2, 0x1BF3, 0x2D7F, 0xA806, 0xA82C, 0xA8C4, 0xA953, 0xA9C0, 0xAAF6, 0xABED,
            0x10A3F, 0x11046, 0x11070, 0x1107F, 0x110B9, 0x11133, 0x11134, 0x111C0, 0x11235, 0x112EA, 0x1134D,
            0x11442, 0x114C2, 0x115BF, 0x1163F, 0x116B6, 0x1172B, 0x11839, 0x1193D, 0x1193E, 0x119E0, 0x11A34,
            0x11A47, 0x11A99, 0x11C3F, 0x11D44, 0x11D45, 0x11D97};

    private Idna2008() {
    }

    /** RFC 5892 section 3, in the RFC's order. */
    static Property property(int cp) {
        Property exception = exception(cp);
        if (exception != null) {
            return exception;
        }
        int type = Character.getType(cp);
        if (isNoncharacter(cp)) {
            return Property.DISALLOWED;
        }
        if (type == Character.UNASSIGNED) {
            return Property.UNASSIGNED;
        }
        if (cp >= 'a' && cp <= 'z' || cp >= '0' && cp <= '9' || cp == '-') {
            return Property.PVALID;
        }
        if (cp == 0x200C || cp == 0x200D) {
            return Property.CONTEXTJ;
        }
        if (isUnstable(cp) || isDefaultIgnorable(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || inIgnorableBlock(cp) || isOldHangulJamo(cp)) {
            return Property.DISALLOWED;
        }
        return switch (type) {
            case Character.LOWERCASE_LETTER, Character.UPPERCASE_LETTER, Character.OTHER_LETTER,
                 Character.DECIMAL_DIGIT_NUMBER, Character.MODIFIER_LETTER, Character.NON_SPACING_MARK,
                 Character.COMBINING_SPACING_MARK -> Property.PVALID;
            default -> Property.DISALLOWED;
        };
    }

    /** RFC 5892 section 2.6, Exceptions (F). */
    private static Property exception(int cp) {
        return switch (cp) {
            case 0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007 -> Property.PVALID;
            case 0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB -> Property.CONTEXTO;
            case 0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B -> Property.DISALLOWED;
            default -> cp >= 0x0660 && cp <= 0x0669 || cp >= 0x06F0 && cp <= 0x06F9 ? Property.CONTEXTO : null;
        };
    }

    /** Unstable (B): toNFKC(toCaseFold(toNFKC(cp))) != cp. */
    private static boolean isUnstable(int cp) {
        String s = new String(Character.toChars(cp));
        String folded = Normalizer.normalize(caseFold(Normalizer.normalize(s, Normalizer.Form.NFKC)), Normalizer.Form.NFKC);
        return !folded.equals(s);
    }

    /** Full case folding: lower(upper(x)) agrees with CaseFolding.txt except for Cherokee, which folds to upper case. */
    private static String caseFold(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c >= 0xAB70 && c <= 0xABBF) {
                out.appendCodePoint(c - 0xAB70 + 0x13A0);
            } else if (c >= 0x13F8 && c <= 0x13FD) {
                out.appendCodePoint(c - 8);
            } else if (c >= 0x13A0 && c <= 0x13F5) {
                out.appendCodePoint(c);
            } else {
                out.append(new String(Character.toChars(c)).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
            }
        });
        return out.toString();
    }

    private static boolean isNoncharacter(int cp) {
        return cp >= 0xFDD0 && cp <= 0xFDEF || (cp & 0xFFFE) == 0xFFFE;
    }

    /** Default_Ignorable_Code_Point (DerivedCoreProperties.txt). */
    private static boolean isDefaultIgnorable(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4
                || cp == 0x17B5 || cp >= 0x180B && cp <= 0x180F || cp >= 0x200B && cp <= 0x200F
                || cp >= 0x202A && cp <= 0x202E || cp >= 0x2060 && cp <= 0x206F || cp == 0x3164
                || cp >= 0xFE00 && cp <= 0xFE0F || cp == 0xFEFF || cp == 0xFFA0 || cp >= 0xFFF0 && cp <= 0xFFF8
                || cp >= 0x1BCA0 && cp <= 0x1BCA3 || cp >= 0x1D173 && cp <= 0x1D17A || cp >= 0xE0000 && cp <= 0xE0FFF;
    }

    /** IgnorableBlocks (D). */
    private static boolean inIgnorableBlock(int cp) {
        return cp >= 0x20D0 && cp <= 0x20FF || cp >= 0x1D100 && cp <= 0x1D24F;
    }

    /** OldHangulJamo (I): conjoining jamo of types L, V, T. */
    private static boolean isOldHangulJamo(int cp) {
        return cp >= 0x1100 && cp <= 0x11FF || cp >= 0xA960 && cp <= 0xA97F || cp >= 0xD7B0 && cp <= 0xD7FF;
    }

    private static boolean isVirama(int cp) {
        for (int v : VIRAMA) {
            if (v == cp) {
                return true;
            }
        }
        return false;
    }

    /** RFC 5892 Appendix A.1 and A.2. */
    static boolean contextJ(int[] cps, int i) {
        if (i > 0 && isVirama(cps[i - 1])) {
            return true;
        }
        if (cps[i] == 0x200D) {
            return false;
        }
        // ZWNJ: (Joining_Type:{L,D})(Joining_Type:T)* ZWNJ (Joining_Type:T)*(Joining_Type:{R,D})
        int j = i - 1;
        while (j >= 0 && joiningType(cps[j]) == 'T') {
            j--;
        }
        if (j < 0 || "LD".indexOf(joiningType(cps[j])) < 0) {
            return false;
        }
        int k = i + 1;
        while (k < cps.length && joiningType(cps[k]) == 'T') {
            k++;
        }
        return k < cps.length && "RD".indexOf(joiningType(cps[k])) >= 0;
    }

    /** RFC 5892 Appendix A.3 to A.9. */
    static boolean contextO(int[] cps, int i) {
        int cp = cps[i];
        switch (cp) {
            case 0x00B7:
                return i > 0 && i + 1 < cps.length && cps[i - 1] == 'l' && cps[i + 1] == 'l';
            case 0x0375:
                return i + 1 < cps.length && Character.UnicodeScript.of(cps[i + 1]) == Character.UnicodeScript.GREEK;
            case 0x05F3:
            case 0x05F4:
                return i > 0 && Character.UnicodeScript.of(cps[i - 1]) == Character.UnicodeScript.HEBREW;
            case 0x30FB:
                for (int c : cps) {
                    Character.UnicodeScript s = Character.UnicodeScript.of(c);
                    if (c != 0x30FB && (s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                            || s == Character.UnicodeScript.HAN)) {
                        return true;
                    }
                }
                return false;
            default:
                boolean arabicIndic = cp >= 0x0660 && cp <= 0x0669;
                for (int c : cps) {
                    if (arabicIndic ? c >= 0x06F0 && c <= 0x06F9 : c >= 0x0660 && c <= 0x0669) {
                        return false;
                    }
                }
                return true;
        }
    }

    /**
     * Joining_Type (ArabicShaping.txt) for the Arabic block's letters; T for marks and format characters; U for the
     * rest. Letters of the other joining scripts (Syriac, N'Ko, Mongolian, ...) count as U, so a ZWNJ next to them is
     * refused unless a virama precedes it: stricter than the RFC there, never looser.
     */
    static char joiningType(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return cp == 0x200C || cp == 0x200D ? 'U' : 'T';
        }
        if (cp == 0x0620 || cp == 0x0626 || cp == 0x0628 || cp >= 0x062A && cp <= 0x062E || cp >= 0x0633 && cp <= 0x063F
                || cp >= 0x0641 && cp <= 0x0647 || cp == 0x0649 || cp == 0x064A || cp == 0x066E || cp == 0x066F
                || cp >= 0x0678 && cp <= 0x0687 || cp >= 0x069A && cp <= 0x06BF || cp == 0x06C1 || cp == 0x06C2
                || cp == 0x06CC || cp == 0x06CE || cp == 0x06D0 || cp == 0x06D1 || cp >= 0x06FA && cp <= 0x06FC
                || cp == 0x06FF) {
            return 'D';
        }
        if (cp >= 0x0622 && cp <= 0x0625 || cp == 0x0627 || cp == 0x0629 || cp >= 0x062F && cp <= 0x0632
                || cp == 0x0648 || cp >= 0x0671 && cp <= 0x0673 || cp >= 0x0675 && cp <= 0x0677
                || cp >= 0x0688 && cp <= 0x0699 || cp == 0x06C0 || cp >= 0x06C3 && cp <= 0x06CB || cp == 0x06CD
                || cp == 0x06CF || cp == 0x06D2 || cp == 0x06D3 || cp == 0x06D5 || cp == 0x06EE || cp == 0x06EF) {
            return 'R';
        }
        if (cp == 0x0640) {
            return 'C';
        }
        return 'U';
    }

    /** RFC 5893 section 2, for one label of a Bidi domain name. */
    static boolean bidiRule(String label) {
        int[] d = label.codePoints().map(Character::getDirectionality).toArray();
        if (d.length == 0) {
            return false;
        }
        byte first = (byte) d[0];
        boolean rtl = first == Character.DIRECTIONALITY_RIGHT_TO_LEFT || first == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
        if (!rtl && first != Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
            return false; // rule 1
        }
        boolean en = false;
        boolean an = false;
        for (int x : d) {
            byte b = (byte) x;
            en |= b == Character.DIRECTIONALITY_EUROPEAN_NUMBER;
            an |= b == Character.DIRECTIONALITY_ARABIC_NUMBER;
            boolean common = b == Character.DIRECTIONALITY_EUROPEAN_NUMBER
                    || b == Character.DIRECTIONALITY_EUROPEAN_NUMBER_SEPARATOR
                    || b == Character.DIRECTIONALITY_COMMON_NUMBER_SEPARATOR
                    || b == Character.DIRECTIONALITY_EUROPEAN_NUMBER_TERMINATOR || b == Character.DIRECTIONALITY_OTHER_NEUTRALS
                    || b == Character.DIRECTIONALITY_BOUNDARY_NEUTRAL || b == Character.DIRECTIONALITY_NONSPACING_MARK;
            boolean allowed = rtl
                    ? common || b == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                    || b == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC || b == Character.DIRECTIONALITY_ARABIC_NUMBER
                    : common || b == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
            if (!allowed) {
                return false; // rules 2 and 5
            }
        }
        int last = d.length - 1;
        while (last > 0 && d[last] == Character.DIRECTIONALITY_NONSPACING_MARK) {
            last--;
        }
        byte end = (byte) d[last];
        if (rtl) {
            return (end == Character.DIRECTIONALITY_RIGHT_TO_LEFT || end == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC
                    || end == Character.DIRECTIONALITY_EUROPEAN_NUMBER || end == Character.DIRECTIONALITY_ARABIC_NUMBER)
                    && !(en && an); // rules 3 and 4
        }
        return end == Character.DIRECTIONALITY_LEFT_TO_RIGHT || end == Character.DIRECTIONALITY_EUROPEAN_NUMBER; // rule 6
    }
}
