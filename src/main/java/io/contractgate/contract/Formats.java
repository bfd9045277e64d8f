package io.contractgate.contract;

import com.networknt.schema.ExecutionContext;
import com.networknt.schema.Format;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.SpecVersion.VersionFlag;

import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code format} checks contracts assert where the gateway replaces or withdraws networknt's own, through its
 * public {@link Format} / {@link JsonMetaSchema} builder API: {@code regex} (ECMA-262, not java.util.regex),
 * {@code date-time} (RFC 3339, any fraction length, leap seconds at 23:59:60 UTC only), {@code duration} (RFC 3339
 * Appendix A), {@code hostname} and {@code idn-hostname} ({@link Hostnames}), {@code json-pointer} (in one pass), and the formats listed in {@link #ANNOTATION_ONLY}, which the gateway cannot check exactly and so
 * never asserts.
 */
public final class Formats {

    /** Formats the gateway cannot check exactly: annotations only, never asserted (listed in the README). */
    public static final Set<String> ANNOTATION_ONLY = Set.of("idn-email", "iri", "uri", "uri-reference",
            "uri-template");

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d+)?(?:[Zz]|([+-])(\\d{2}):(\\d{2}))");
    private static final String N = "[0-9]+";
    private static final Pattern DURATION = Pattern.compile("P(?:" + dateDuration() + "(?:" + timeDuration() + ")?|"
            + timeDuration() + "|" + N + "W)");

    private Formats() {
    }

    /** The draft's meta-schema with the gateway's format checks in place of networknt's. */
    public static JsonMetaSchema metaSchema(VersionFlag version) {
        JsonMetaSchema blueprint = switch (version) {
            case V4 -> JsonMetaSchema.getV4();
            case V6 -> JsonMetaSchema.getV6();
            case V7 -> JsonMetaSchema.getV7();
            case V201909 -> JsonMetaSchema.getV201909();
            default -> JsonMetaSchema.getV202012();
        };
        JsonMetaSchema.Builder b = JsonMetaSchema.builder(blueprint)
                .format(format("regex", LinearRegex::isEcmaPattern))
                .format(format("date-time", Formats::isDateTime))
                .format(format("duration", v -> DURATION.matcher(v).matches()))
                .format(version == VersionFlag.V4 || version == VersionFlag.V6
                        ? format("hostname", Hostnames::isRfc1123Hostname)
                        : format("hostname", Hostnames::isHostname))
                .format(format("idn-hostname", Hostnames::isIdnHostname))
                .format(format("json-pointer", Formats::isJsonPointer));
        for (String name : ANNOTATION_ONLY) {
            b.format(format(name, v -> true));
        }
        return b.build();
    }

    /** RFC 3339 {@code date-time}: a real calendar date, any number of fraction digits, an offset or Z. */
    static boolean isDateTime(String v) {
        Matcher m = DATE_TIME.matcher(v);
        if (!m.matches()) {
            return false;
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        int hour = Integer.parseInt(m.group(4));
        int minute = Integer.parseInt(m.group(5));
        int second = Integer.parseInt(m.group(6));
        if (month < 1 || month > 12 || day < 1 || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour > 23 || minute > 59 || second > 60) {
            return false;
        }
        int offset = 0;
        if (m.group(7) != null) {
            int oh = Integer.parseInt(m.group(8));
            int om = Integer.parseInt(m.group(9));
            if (oh > 23 || om > 59) {
                return false;
            }
            offset = (oh * 60 + om) * ("+".equals(m.group(7)) ? 1 : -1);
        }
        if (second == 60) {
            // a leap second is inserted at the end of a UTC day: 23:59:60Z, whatever the local offset
            int utcMinutes = Math.floorMod(hour * 60 + minute - offset, 24 * 60);
            return utcMinutes == 23 * 60 + 59;
        }
        return true;
    }

    /**
     * RFC 6901 {@code json-pointer}: empty, or '/'-led reference tokens where '~' is only ever "~0" or "~1". One pass:
     * networknt's pattern recursed per character and overflowed the stack on strings of some 50,000 characters.
     */
    static boolean isJsonPointer(String v) {
        if (v.isEmpty()) {
            return true;
        }
        if (v.charAt(0) != '/') {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) == '~' && (i + 1 == v.length() || (v.charAt(i + 1) != '0' && v.charAt(i + 1) != '1'))) {
                return false;
            }
        }
        return true;
    }

    private static String dateDuration() {
        String day = N + "D";
        String month = N + "M(?:" + day + ")?";
        String year = N + "Y(?:" + month + ")?";
        return "(?:" + day + "|" + month + "|" + year + ")";
    }

    private static String timeDuration() {
        String second = N + "S";
        String minute = N + "M(?:" + second + ")?";
        String hour = N + "H(?:" + minute + ")?";
        return "T(?:" + hour + "|" + minute + "|" + second + ")";
    }

    private static Format format(String name, Predicate<String> check) {
        return new Format() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public boolean matches(ExecutionContext executionContext, String value) {
                return check.test(value);
            }
        };
    }
}
