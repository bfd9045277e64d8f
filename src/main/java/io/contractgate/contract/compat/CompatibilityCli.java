package io.contractgate.contract.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Command-line compatibility check for CI: compares every {@code <id>.schema.json} in a folder with an older copy of
 * the folder (a git ref checked out or archived elsewhere) or with the history the gateway saved
 * ({@code .versions/<id>/}), and exits non-zero when a change breaks its level.
 *
 * <pre>
 * java -cp target/contract-gateway.jar io.contractgate.contract.compat.CompatibilityCli --new schemas --old /tmp/old [--level FULL]
 * java -cp target/contract-gateway.jar io.contractgate.contract.compat.CompatibilityCli --new schemas   (against schemas/.versions)
 * </pre>
 * Exit codes: 0 compatible, 1 at least one contract breaks its level, 2 bad usage or unreadable schema.
 */
public final class CompatibilityCli {

    private static final String SUFFIX = ".schema.json";
    private static final String HISTORY = ".versions";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompatibilityCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the check; answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path oldDir = null;
        Path newDir = null;
        CompatibilityLevel level = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--old" -> oldDir = Path.of(value(args, ++i, "--old"));
                    case "--new" -> newDir = Path.of(value(args, ++i, "--new"));
                    case "--level" -> level = CompatibilityLevel.parse(value(args, ++i, "--level"));
                    case "-h", "--help" -> {
                        out.println(usage());
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
                }
            }
            if (newDir == null) {
                throw new IllegalArgumentException("--new DIR is required");
            }
            for (Path d : oldDir == null ? List.of(newDir) : List.of(newDir, oldDir)) {
                if (!Files.isDirectory(d)) {
                    throw new IllegalArgumentException("'" + d + "' is not a folder");
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        int breaking = 0;
        try {
            for (Map.Entry<String, Path> e : contracts(newDir).entrySet()) {
                String id = e.getKey();
                CompatibilityLevel lv = level != null ? level
                        : CompatibilityLevel.readFile(newDir.resolve(HISTORY).resolve(id).resolve(CompatibilityLevel.FILE));
                List<JsonNode> history = history(oldDir == null ? newDir : oldDir, id, oldDir != null);
                if (history.isEmpty()) {
                    out.println(id + ": new contract, nothing to compare");
                    continue;
                }
                List<Reason> reasons = CompatibilityChecker.checkHistory(history, read(e.getValue()), lv);
                if (reasons.isEmpty()) {
                    out.println(id + ": compatible (" + lv + ")");
                } else {
                    breaking++;
                    out.println(id + ": BREAKS " + lv + " (" + reasons.size() + " reason" + (reasons.size() > 1 ? "s" : "") + ")");
                    for (Reason r : reasons) {
                        out.println("  " + r.text() + "  [" + r.rule() + ", " + r.direction() + "]");
                    }
                }
            }
            if (oldDir != null) {
                for (String id : contracts(oldDir).keySet()) {
                    if (!Files.exists(newDir.resolve(id + SUFFIX))) {
                        out.println(id + ": removed (mappings that use it will not start)");
                    }
                }
            }
        } catch (IOException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        return breaking == 0 ? 0 : 1;
    }

    /** The versions to compare with, oldest first: the saved history, then the old folder's file if given. */
    private static List<JsonNode> history(Path dir, String id, boolean includeFile) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path versions = dir.resolve(HISTORY).resolve(id);
        if (Files.isDirectory(versions)) {
            Map<Integer, Path> byNumber = new TreeMap<>();
            try (Stream<Path> files = Files.list(versions)) {
                files.forEach(p -> {
                    String n = p.getFileName().toString();
                    if (n.endsWith(SUFFIX) && n.substring(0, n.length() - SUFFIX.length()).matches("\\d{1,9}")) {
                        byNumber.put(Integer.parseInt(n.substring(0, n.length() - SUFFIX.length())), p);
                    }
                });
            }
            for (Path p : byNumber.values()) {
                out.add(read(p));
            }
        }
        Path file = dir.resolve(id + SUFFIX);
        if (includeFile && Files.exists(file)) {
            JsonNode current = read(file);
            if (out.isEmpty() || !out.get(out.size() - 1).equals(current)) {
                out.add(current);
            }
        }
        return out;
    }

    private static Map<String, Path> contracts(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .forEach(p -> {
                        String n = p.getFileName().toString();
                        out.put(n.substring(0, n.length() - SUFFIX.length()), p);
                    });
        }
        return out;
    }

    private static JsonNode read(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static String usage() {
        return "usage: CompatibilityCli --new DIR [--old DIR] [--level BACKWARD|BACKWARD_TRANSITIVE|FORWARD|"
                + "FORWARD_TRANSITIVE|FULL|FULL_TRANSITIVE|NONE]\n"
                + "  --new DIR   folder of <id>.schema.json files to check\n"
                + "  --old DIR   the previous copy of the folder (e.g. git archive of a ref); without it, the history\n"
                + "              the gateway saved in DIR/.versions/<id>/ is used\n"
                + "  --level L   overrides each contract's level (default: DIR/.versions/<id>/compatibility.json, else BACKWARD)\n"
                + "exit code: 0 compatible, 1 a change breaks its level, 2 usage or read error";
    }
}
