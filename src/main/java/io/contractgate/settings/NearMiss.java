package io.contractgate.settings;

import java.util.Locale;

/**
 * Whether a name is a misspelling of another (deviceId and device_id, temprature and temperature, mqtt.brokerurl and
 * mqtt.broker.url): for the "did you mean" hints of failure reports and of unknown settings.
 */
public final class NearMiss {

    private NearMiss() {
    }

    /** The name among {@code known} that {@code name} is most likely a misspelling of, or null when none is close. */
    public static String closest(String name, Iterable<String> known) {
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String k : known) {
            int score = normalise(k).equals(normalise(name)) ? -1 : distance(name, k);
            if (score < bestScore) {
                best = k;
                bestScore = score;
            }
        }
        return best != null && (bestScore < 0 || similar(name, best, bestScore)) ? best : null;
    }

    /** Same name once case and separators are ignored, or a few typing errors apart. */
    public static boolean similar(String a, String b, int distance) {
        if (normalise(a).equals(normalise(b))) {
            return true;
        }
        int longest = Math.max(a.length(), b.length());
        return longest >= 4 && distance <= Math.max(1, longest / 4);
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "").replace(" ", "");
    }

    /** Levenshtein distance (names are short; at most a few dozen characters). */
    public static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
