package io.contractgate.quarantine;

/** Re-validates one quarantined message against its mapping's current contract. */
@FunctionalInterface
public interface RedriveCheck {

    /** What a fresh check decided. */
    record Outcome(Kind kind, String topic, String contractVersion, QuarantinedMessage rechecked, String reason) {
        public enum Kind { PASSED, STILL_FAILING, SKIPPED }

        public static Outcome passed(String validatedTopic, String contractVersion) {
            return new Outcome(Kind.PASSED, validatedTopic, contractVersion, null, null);
        }

        public static Outcome stillFailing(QuarantinedMessage rechecked) {
            return new Outcome(Kind.STILL_FAILING, null, rechecked.contractVersion(), rechecked, null);
        }

        /** Not checked (e.g. the mapping is not running): the row stays as it is. */
        public static Outcome skipped(String reason) {
            return new Outcome(Kind.SKIPPED, null, null, null, reason);
        }
    }

    Outcome check(QuarantinedMessage m);
}
