package io.contractgate.startup;

import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

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
        String yaml = yamlProblem(t);
        if (yaml != null) {
            return yaml;
        }
        String unreadable = unreadableFile(t);
        if (unreadable != null) {
            return unreadable;
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

    /**
     * A file of routes/ that is not YAML (a bad indent, a tab, an unclosed quote), which Camel reports as "Error
     * pre-parsing resource" with the parser's lines in the cause: the file, the line and column, and what the parser
     * found there, as one sentence; null when {@code t} holds no YAML syntax error.
     */
    static String yamlProblem(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof MarkedYamlEngineException y && y.getProblemMark().isPresent()) {
                Mark at = y.getProblemMark().get();
                String file = at.getName().startsWith("file:") ? at.getName().substring(5) : at.getName();
                String context = y.getContext() == null || y.getContextMark().isEmpty() ? ""
                        : " (" + y.getContext() + " at line " + (y.getContextMark().get().getLine() + 1) + ")";
                return file + " is not valid YAML: " + y.getProblem() + " at line " + (at.getLine() + 1) + ", column "
                        + (at.getColumn() + 1) + context + "; correct the file or move it out of the folder";
            }
        }
        return null;
    }

    /**
     * A file the gateway may not read (a route file with mode 000, another owner's folder), which Camel's route loader
     * reports as its exception wrapping {@code FileNotFoundException: routes/x.camel.yaml (Permission denied)} with a
     * stack trace: the file and the reason as one sentence; null when {@code t} holds no such failure.
     */
    static String unreadableFile(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof java.io.FileNotFoundException && c.getMessage() != null) {
                return "cannot read " + c.getMessage() + "; the user the gateway runs as must be able to read every "
                        + "file in its routes, contracts and config folders";
            }
            if (c instanceof java.nio.file.AccessDeniedException a) {
                return "cannot read " + a.getFile() + " (Permission denied); the user the gateway runs as must be able "
                        + "to read every file in its routes, contracts and config folders";
            }
        }
        return null;
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
