package io.contractgate.startup;

/**
 * A reason the gateway cannot start that one sentence explains, naming the setting to change: the start stops with
 * that sentence and no stack trace (unless the log level asks for one).
 */
public final class StartupProblem extends RuntimeException {

    private static final String OWN_PACKAGE = "io.contractgate.";

    public StartupProblem(String sentence, Throwable cause) {
        super(sentence, cause);
    }

    /**
     * The one sentence a failed start is reported with, or null when {@code t} is not one the gateway explains (then
     * the stack trace is the report): the first StartupProblem in the cause chain, else the deepest bad-setting check
     * of the gateway's own code in it (an IllegalArgumentException, or an exception class of the gateway, thrown by the
     * gateway's code: {@code mqtt.qos must be from 0 to 2, was 3}, a contract that does not compile), which camel-main
     * wraps in bean post-processing and reflection exceptions that name neither the key nor the file.
     */
    public static String sentence(Throwable t) {
        StartupProblem p = in(t);
        if (p != null) {
            return p.getMessage();
        }
        String sentence = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            StackTraceElement[] at = c.getStackTrace();
            boolean ours = at.length > 0 && at[0].getClassName().startsWith(OWN_PACKAGE);
            boolean check = c instanceof IllegalArgumentException || c.getClass().getName().startsWith(OWN_PACKAGE);
            if (ours && check && c.getMessage() != null) {
                sentence = c.getMessage();
            }
        }
        return sentence;
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
