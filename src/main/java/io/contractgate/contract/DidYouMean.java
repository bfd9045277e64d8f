package io.contractgate.contract;

import io.contractgate.settings.NearMiss;

import java.util.List;

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
                int score = NearMiss.distance(extra.field(), missing.field());
                if (score < bestScore) {
                    best = missing;
                    bestIndex = j;
                    bestScore = score;
                }
            }
            if (best != null && NearMiss.similar(extra.field(), best.field(), bestScore)) {
                violations.set(i, extra.withHint("did you mean " + best.field() + "?"));
                violations.set(bestIndex, best.withHint("found " + extra.field() + " instead: a misspelling?"));
            }
        }
    }

    private static String parent(String pointer) {
        int cut = pointer.lastIndexOf('/');
        return cut < 0 ? "" : pointer.substring(0, cut);
    }
}
