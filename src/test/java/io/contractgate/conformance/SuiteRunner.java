package io.contractgate.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.LinearRegex;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Runs the official JSON-Schema-Test-Suite (a checkout the developer provides; never vendored) through the code path
 * of the dry-run API ({@code POST /api/contracts/test}: {@link ContractCompiler#compile} then
 * {@link PayloadValidator#validate} on the payload's bytes) and counts, per draft and per file, verdicts that are
 * right, wrong, or refused by design (remote references, formats asserted where the suite expects annotations,
 * patterns the linear-time engine refuses, formats the gateway declares annotation-only).
 *
 * <p>Usage: {@code SuiteRunner <suite checkout> [--markdown FILE] [--verbose]}.
 */
public final class SuiteRunner {

    /** The drafts the gateway supports: suite folder and the {@code $schema} a contract of that draft declares. */
    static final Map<String, String> DRAFTS = new LinkedHashMap<>();

    static {
        DRAFTS.put("draft4", "http://json-schema.org/draft-04/schema#");
        DRAFTS.put("draft6", "http://json-schema.org/draft-06/schema#");
        DRAFTS.put("draft7", "http://json-schema.org/draft-07/schema#");
        DRAFTS.put("draft2019-09", "https://json-schema.org/draft/2019-09/schema");
        DRAFTS.put("draft2020-12", "https://json-schema.org/draft/2020-12/schema");
    }

    /** Why a case is not counted right or wrong. */
    enum Outcome { RIGHT, WRONG, REMOTE_REF, FORMAT_ASSERTED, PATTERN_REFUSED, FORMAT_ANNOTATION }

    /** One test's outcome, with enough to find it in the suite. */
    record Result(String draft, String file, String caseDescription, String testDescription, Outcome outcome,
                  String detail) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ContractCompiler compiler = new ContractCompiler();
    private final PayloadValidator validator = new PayloadValidator();

    /** Every result of one draft folder (its required files, then {@code optional/}, then {@code optional/format/}). */
    List<Result> runDraft(Path suite, String draft) {
        Path dir = suite.resolve("tests").resolve(draft);
        List<Result> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                out.addAll(runFile(draft, dir.relativize(f).toString().replace('\\', '/'), f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    List<Result> runFile(String draft, String file, Path path) throws IOException {
        List<Result> out = new ArrayList<>();
        for (JsonNode c : JSON.readTree(path.toFile())) {
            JsonNode schema = c.get("schema").deepCopy();
            if (schema instanceof ObjectNode o && !o.has("$schema")) {
                o.put("$schema", DRAFTS.get(draft)); // a contract of that draft says so; the gateway's default is 2020-12
            }
            Contract contract = null;
            Outcome refused = null;
            String detail = null;
            try {
                contract = compiler.compile("suite", JSON.writeValueAsString(schema));
            } catch (LinearRegex.UnsupportedPatternException e) {
                refused = Outcome.PATTERN_REFUSED;
                detail = e.getMessage();
            } catch (InvalidContractException e) {
                detail = e.getMessage();
                refused = isSuiteRemote(detail) ? Outcome.REMOTE_REF : Outcome.WRONG;
            }
            for (JsonNode t : c.get("tests")) {
                boolean expected = t.get("valid").asBoolean();
                Outcome outcome;
                String why = detail;
                if (contract == null) {
                    outcome = refused;
                } else {
                    Verdict v = validator.validate(JSON.writeValueAsBytes(t.get("data")), contract, "sensor_id");
                    if (v.valid() == expected) {
                        outcome = Outcome.RIGHT;
                    } else {
                        outcome = excused(draft, file, expected);
                        why = v.valid() ? "validated, expected failed" : "failed, expected validated: "
                                + v.violations().get(0).message();
                    }
                }
                out.add(new Result(draft, file, c.get("description").asText(), t.get("description").asText(), outcome,
                        why));
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern REFUSED_REFERENCE = java.util.regex.Pattern.compile(
            "(?:reference|\\$schema) '([^']*)' is not allowed");

    /**
     * A refusal of a reference to the suite's remote server (its {@code remotes/} folder, served at
     * http://localhost:1234): outside the contract store by design. A refused reference that the schema itself
     * defines is the engine's fault and counts as wrong.
     */
    static boolean isSuiteRemote(String refusal) {
        java.util.regex.Matcher m = REFUSED_REFERENCE.matcher(refusal);
        return m.find() && m.group(1).startsWith("http://localhost:1234/");
    }

    /** A wrong verdict the gateway gives by design, or {@link Outcome#WRONG}. */
    static Outcome excused(String draft, String file, boolean expected) {
        boolean annotationDrafts = draft.equals("draft2019-09") || draft.equals("draft2020-12");
        if (file.equals("format.json") && annotationDrafts && expected) {
            return Outcome.FORMAT_ASSERTED; // the required suite expects format as an annotation; contracts assert it
        }
        if (file.startsWith("optional/format/")) {
            String format = file.substring("optional/format/".length(), file.length() - ".json".length());
            if (ANNOTATION_ONLY_FORMATS.contains(format) && !expected) {
                return Outcome.FORMAT_ANNOTATION;
            }
        }
        return Outcome.WRONG;
    }

    /** Formats the gateway does not assert (README, "Contracts"): it cannot check them exactly. */
    static final Set<String> ANNOTATION_ONLY_FORMATS = io.contractgate.contract.Formats.ANNOTATION_ONLY;

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: SuiteRunner <JSON-Schema-Test-Suite checkout> [--markdown FILE] [--verbose]");
            System.exit(2);
        }
        Path suite = Path.of(args[0]);
        if (!Files.isDirectory(suite.resolve("tests"))) {
            System.err.println(suite + " is not a JSON-Schema-Test-Suite checkout (no tests/ folder)");
            System.exit(2);
        }
        Path markdown = null;
        boolean verbose = false;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--markdown") && i + 1 < args.length) {
                markdown = Path.of(args[++i]);
            } else if (args[i].equals("--verbose")) {
                verbose = true;
            }
        }
        SuiteRunner runner = new SuiteRunner();
        List<Result> all = new ArrayList<>();
        for (String draft : DRAFTS.keySet()) {
            all.addAll(runner.runDraft(suite, draft));
        }
        Report report = new Report(all);
        report.printPerFile(System.out);
        report.printRefusedAndWrong(System.out, verbose);
        report.printSummary(System.out);
        if (markdown != null) {
            Files.writeString(markdown, report.markdown(), StandardCharsets.UTF_8);
            System.out.println("wrote " + markdown);
        }
        System.exit(report.wrong() == 0 ? 0 : 1);
    }

    /** Counts and prints results. */
    static final class Report {
        private final List<Result> results;

        Report(List<Result> results) {
            this.results = results;
        }

        long wrong() {
            return results.stream().filter(r -> r.outcome() == Outcome.WRONG).count();
        }

        /** right / wrong / refused counts of the results that pass the filter. */
        static long[] count(List<Result> rs) {
            long[] n = new long[3];
            for (Result r : rs) {
                n[switch (r.outcome()) {
                    case RIGHT -> 0;
                    case WRONG -> 1;
                    default -> 2;
                }]++;
            }
            return n;
        }

        private Map<String, List<Result>> group(java.util.function.Function<Result, String> key, List<Result> rs) {
            Map<String, List<Result>> m = new LinkedHashMap<>();
            for (Result r : rs) {
                m.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
            }
            return m;
        }

        void printPerFile(PrintStream out) {
            group(Result::draft, results).forEach((draft, rs) -> {
                out.printf("%n%s%n%-48s %6s %6s %8s%n", draft, "file", "right", "wrong", "refused");
                group(Result::file, rs).forEach((file, fr) -> {
                    long[] n = count(fr);
                    out.printf("%-48s %6d %6d %8d%n", file, n[0], n[1], n[2]);
                });
            });
        }

        void printRefusedAndWrong(PrintStream out, boolean verbose) {
            for (Result r : results) {
                if (r.outcome() == Outcome.WRONG || (verbose && r.outcome() != Outcome.RIGHT)) {
                    out.printf("%s %s/%s | %s | %s | %s%n", r.outcome(), r.draft(), r.file(), r.caseDescription(),
                            r.testDescription(), r.detail());
                }
            }
        }

        void printSummary(PrintStream out) {
            out.printf("%n%-14s %-9s %6s %6s %8s   refused by: remote ref / format asserted / pattern / format annotation-only%n",
                    "draft", "part", "right", "wrong", "refused");
            group(Result::draft, results).forEach((draft, rs) -> group(Report::part, rs).forEach((part, pr) -> {
                long[] n = count(pr);
                out.printf("%-14s %-9s %6d %6d %8d   %d / %d / %d / %d%n", draft, part, n[0], n[1], n[2],
                        of(pr, Outcome.REMOTE_REF), of(pr, Outcome.FORMAT_ASSERTED), of(pr, Outcome.PATTERN_REFUSED),
                        of(pr, Outcome.FORMAT_ANNOTATION));
            }));
        }

        static String part(Result r) {
            return r.file().startsWith("optional/format/") ? "formats" : r.file().startsWith("optional/") ? "optional"
                    : "required";
        }

        static long of(List<Result> rs, Outcome o) {
            return rs.stream().filter(r -> r.outcome() == o).count();
        }

        String markdown() {
            StringBuilder b = new StringBuilder();
            b.append("| draft | part | right | wrong | refused by design | remote ref | format asserted | pattern refused | format annotation-only |\n");
            b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
            group(Result::draft, results).forEach((draft, rs) -> group(Report::part, rs).forEach((part, pr) -> {
                long[] n = count(pr);
                b.append(String.format("| %s | %s | %d | %d | %d | %d | %d | %d | %d |%n", draft, part, n[0], n[1],
                        n[2], of(pr, Outcome.REMOTE_REF), of(pr, Outcome.FORMAT_ASSERTED),
                        of(pr, Outcome.PATTERN_REFUSED), of(pr, Outcome.FORMAT_ANNOTATION)));
            }));
            b.append("\nNot right, by case (a case is one schema of a suite file; n = its tests with that outcome):\n\n");
            b.append("| outcome | file | case | n |\n|---|---|---|---:|\n");
            Map<String, Integer> cases = new LinkedHashMap<>();
            for (Result r : results) {
                if (r.outcome() != Outcome.RIGHT) {
                    cases.merge(String.format("| %s | %s/%s | %s |", r.outcome().name().toLowerCase(), r.draft(),
                            r.file(), cell(r.caseDescription())), 1, Integer::sum);
                }
            }
            cases.forEach((row, n) -> b.append(row).append(' ').append(n).append(" |\n"));
            return b.toString();
        }

        private static String cell(String s) {
            return s.replace("|", "\\|").replace("\n", " ");
        }
    }
}
