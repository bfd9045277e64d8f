package io.contractgate.startup;

/**
 * A reason the gateway cannot start that one sentence explains, naming the setting to change: the start stops with
 * that sentence and no stack trace (unless the log level asks for one).
 */
public final class StartupProblem extends RuntimeException {

    public StartupProblem(String sentence, Throwable cause) {
        super(sentence, cause);
    }

    /** The first StartupProblem in {@code t}'s cause chain, or null. */
    public static StartupProblem in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StartupProblem p) {
                return p;
            }
        }
        return null;
    }
}
