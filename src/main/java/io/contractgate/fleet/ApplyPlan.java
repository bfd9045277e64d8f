package io.contractgate.fleet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The steps that turn one state of the shared configuration into another (key to text; see {@link StateKey}), in an
 * order in which every intermediate state is valid for a running gateway: a contract's history before the contract
 * (so the new text is a known version, not a hand edit), contracts before the mappings that use them, mappings
 * removed before the contracts they used, the broker settings after, removed history last. Plain logic, no I/O.
 */
public final class ApplyPlan {

    /** One put (text) or removal (text null) of one key. */
    public record Step(StateKey key, String text) {
        public boolean removal() {
            return text == null;
        }

        int rank() {
            return switch (key.kind()) {
                case HISTORY -> removal() ? 6 : 0;
                case CONTRACT -> removal() ? 4 : 1;
                case MAPPING -> removal() ? 2 : 3;
                case BROKER -> 5;
            };
        }

        @Override
        public String toString() {
            return (removal() ? "remove " : "put ") + key;
        }
    }

    private ApplyPlan() {
    }

    /**
     * The steps from {@code current} to {@code target}; empty when they are equal. Keys that are not shared
     * configuration keys are refused (they would become file paths).
     */
    public static List<Step> between(Map<String, String> current, Map<String, String> target) {
        List<Step> steps = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(current.keySet());
        keys.addAll(target.keySet());
        for (String k : keys) {
            String now = current.get(k);
            String next = target.get(k);
            if (!Objects.equals(now, next)) {
                steps.add(new Step(StateKey.parse(k), next));
            }
        }
        steps.sort(Comparator.comparingInt(Step::rank).thenComparing(s -> s.key().toString()));
        return steps;
    }

    /**
     * What a gateway starting with files of its own loses to the shared configuration: the steps that replace or
     * remove a mapping, contract or broker file it had (history is bookkeeping, not what it runs), as a warning for
     * its log; null when the steps only add what it lacked.
     */
    public static String overridden(Map<String, String> local, List<Step> steps) {
        List<Step> lost = steps.stream()
                .filter(s -> s.key().kind() != StateKey.Kind.HISTORY && local.containsKey(s.key().toString()))
                .toList();
        return lost.isEmpty() ? null : "this gateway's files differed from the fleet's shared configuration, which"
                + " wins at start: " + describe(lost) + " (the local text is gone; to make a local file the fleet's,"
                + " save it through the admin API or StateCli import)";
    }

    /** The keys the steps touch, for a log line ("put contract/sensor1, remove mapping/old"). */
    public static String describe(List<Step> steps) {
        return steps.isEmpty() ? "no change" : String.join(", ", steps.stream().map(Step::toString).toList());
    }
}
