package io.contractgate.contract;

import io.contractgate.settings.NearMiss;

import java.util.ArrayList;
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
            List<String> missingHere = new ArrayList<>();
            for (Violation v : violations) {
                if (v.type() == ErrorType.MISSING_FIELD && parent(v.pointer()).equals(parent)) {
                    missingHere.add(v.field());
                }
            }
            String closest = NearMiss.closest(extra.field(), missingHere);
            if (closest == null) {
                continue;
            }
            for (int j = 0; j < violations.size(); j++) {
                Violation missing = violations.get(j);
                if (missing.type() == ErrorType.MISSING_FIELD && missing.field().equals(closest)
                        && parent(missing.pointer()).equals(parent)) {
                    violations.set(i, extra.withHint("did you mean " + closest + "?"));
                    violations.set(j, missing.withHint("found " + extra.field() + " instead: a misspelling?"));
                    break;
                }
            }
        }
    }

    private static String parent(String pointer) {
        int cut = pointer.lastIndexOf('/');
        return cut < 0 ? "" : pointer.substring(0, cut);
    }
}
