package io.contractgate.contract;

import java.util.List;
import java.util.Locale;

/**
 * Pairs an unexpected field with a missing required one of a similar name in the same object (deviceId and
 * device_id, temprature and temperature) and adds a "did you mean" hint to both violations.
 */
final class DidYouMean {

    private DidYouMean() {
    }

    /** Adds hints in place; cheap: only runs on failed messages, over the violations of that message. */
    static void hint(List<Violation> violations) {
        for (int i = 0; i < violations.size(); i++) {
            Violation extra = violations.get(i);
            if (extra.type() != ErrorType.UNEXPECTED_FIELD) {
                continue;
            }
            String parent = parent(extra.pointer());
            Violation best = null;
            int bestIndex = -1;
            int bestScore = Integer.MAX_VALUE;
            for (int j = 0; j < violations.size(); j++) {
                Violation missing = violations.get(j);
                if (missing.type() != ErrorType.MISSING_FIELD || !parent(missing.pointer()).equals(parent)) {
                    continue;
                }
                int score = distance(extra.field(), missing.field());
                if (score < bestScore) {
                    best = missing;
                    bestIndex = j;
                    bestScore = score;
                }
            }
            if (best != null && similar(extra.field(), best.field(), bestScore)) {
                violations.set(i, extra.withHint("did you mean " + best.field() + "?"));
                violations.set(bestIndex, best.withHint("found " + extra.field() + " instead: a misspelling?"));
            }
        }
    }

    private static String parent(String pointer) {
        int cut = pointer.lastIndexOf('/');
        return cut < 0 ? "" : pointer.substring(0, cut);
    }

    /** Same name once case and separators are ignored, or a few typing errors apart. */
    static boolean similar(String a, String b, int distance) {
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
    static int distance(String a, String b) {
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
