package io.contractgate.settings;

import java.util.regex.Pattern;

/**
 * A URL as logs, status answers and start-up errors may show it: credentials masked, whether they sit in the
 * authority ({@code postgres://gw:secret@db}, {@code http://user:pass@influx:8086}) or in parameters
 * ({@code ?password=...}, {@code ;user=...}, {@code &token=...}). Plain Java; one place for every URL setting
 * (influx.url, quarantine.jdbc-url, state.jdbc-url).
 */
public final class SafeUrl {

    /** {@code scheme://user:password@} up to the first '/', '?' or '#' after the "//". */
    private static final Pattern USER_INFO = Pattern.compile("(//)[^/?#@\\s]*@");
    private static final Pattern PARAMETER = Pattern.compile("(?i)(password|user|token)=[^&;]*");

    private SafeUrl() {
    }

    /** {@code url} with every credential replaced by {@code ***}. */
    public static String of(String url) {
        return PARAMETER.matcher(USER_INFO.matcher(url).replaceFirst("$1***@")).replaceAll("$1=***");
    }

    /** Whether the URL's authority carries a user name or password ({@code user:password@}). */
    public static boolean hasUserInfo(String url) {
        return USER_INFO.matcher(url).find();
    }
}
