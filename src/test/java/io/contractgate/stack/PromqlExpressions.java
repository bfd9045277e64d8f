package io.contractgate.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Collects every PromQL expression the stack ships: Grafana dashboard targets on the
 * Prometheus datasource, Grafana alert rule queries and Prometheus rules.
 *
 * <p>Plain Java on purpose: the static test checks metric names with it, and a later
 * integration test can run {@link #executable(Path)} against a real Prometheus that
 * scrapes the running app. Grafana variables ($mapping, $__rate_interval, ...) are not
 * PromQL, so each expression also comes in an executable form with them replaced.
 */
public final class PromqlExpressions {

    /** Datasource uid of the provisioned Prometheus datasource. */
    public static final String PROMETHEUS_UID = "prometheus";

    /**
     * Values for Grafana's built-in interval variables. 1m covers at least four samples
     * of the 5s scrape, which is what Grafana's $__rate_interval guarantees too.
     */
    static final Map<String, String> GRAFANA_BUILTINS = Map.of(
            "__rate_interval", "1m",
            "__interval", "15s",
            "__range", "1h");

    /** What a dashboard variable becomes: they are all used as regex label matchers ("All"). */
    static final String VARIABLE_VALUE = ".*";

    private static final Pattern GRAFANA_VARIABLE =
            Pattern.compile("\\$\\{(\\w+)(?::[\\w]+)?}|\\$(\\w+)|\\[\\[(\\w+)]]");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * One expression.
     *
     * @param source     file and place it came from, for assertion messages
     * @param raw        as written in the file
     * @param executable Grafana variables replaced; what Prometheus can run
     */
    public record Expression(String source, String raw, String executable) {
        @Override
        public String toString() {
            return source + ": " + raw;
        }
    }

    private PromqlExpressions() {
    }

    /** Every PromQL expression in dashboards, Grafana alert rules and Prometheus rules. */
    public static List<Expression> all(Path repoRoot) {
        List<Expression> out = new ArrayList<>();
        out.addAll(fromDashboards(repoRoot));
        out.addAll(fromGrafanaAlerts(repoRoot));
        out.addAll(fromPrometheusRules(repoRoot));
        return out;
    }

    /** The executable form of {@link #all(Path)}: ready for Prometheus' /api/v1/query. */
    public static List<String> executable(Path repoRoot) {
        return all(repoRoot).stream().map(Expression::executable).toList();
    }

    public static List<Expression> fromDashboards(Path repoRoot) {
        List<Expression> out = new ArrayList<>();
        for (Path file : files(repoRoot.resolve("grafana/dashboards"), ".json")) {
            JsonNode dashboard = read(JSON, file);
            Set<String> variables = new LinkedHashSet<>();
            dashboard.path("templating").path("list").forEach(v -> variables.add(v.path("name").asText()));
            for (JsonNode panel : panels(dashboard)) {
                String panelUid = panel.path("datasource").path("uid").asText("");
                for (JsonNode target : panel.path("targets")) {
                    String uid = target.path("datasource").path("uid").asText(panelUid);
                    String expr = target.path("expr").asText("");
                    if (PROMETHEUS_UID.equals(uid) && !expr.isBlank()) {
                        String where = repoRoot.relativize(file) + " panel '" + panel.path("title").asText()
                                + "' ref " + target.path("refId").asText();
                        out.add(new Expression(where, expr, toExecutable(expr, variables)));
                    }
                }
            }
        }
        return out;
    }

    public static List<Expression> fromGrafanaAlerts(Path repoRoot) {
        List<Expression> out = new ArrayList<>();
        for (Path file : files(repoRoot.resolve("grafana/provisioning/alerting"), ".yml", ".yaml")) {
            for (JsonNode group : read(YAML, file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    for (JsonNode query : rule.path("data")) {
                        String expr = query.path("model").path("expr").asText("");
                        if (PROMETHEUS_UID.equals(query.path("datasourceUid").asText()) && !expr.isBlank()) {
                            String where = repoRoot.relativize(file) + " rule " + rule.path("uid").asText()
                                    + " ref " + query.path("refId").asText();
                            out.add(new Expression(where, expr, toExecutable(expr, Set.of())));
                        }
                    }
                }
            }
        }
        return out;
    }

    public static List<Expression> fromPrometheusRules(Path repoRoot) {
        List<Expression> out = new ArrayList<>();
        for (Path file : files(repoRoot.resolve("prometheus"), ".yml", ".yaml")) {
            for (JsonNode group : read(YAML, file).path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    String expr = rule.path("expr").asText("");
                    if (!expr.isBlank()) {
                        String name = rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
                        out.add(new Expression(repoRoot.relativize(file) + " rule " + name, expr, expr));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Replaces Grafana's built-in interval variables and the dashboard's own variables.
     * Unknown variables are left in place so a check can flag them.
     */
    public static String toExecutable(String raw, Set<String> dashboardVariables) {
        Matcher m = GRAFANA_VARIABLE.matcher(raw);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = GRAFANA_BUILTINS.containsKey(name) ? GRAFANA_BUILTINS.get(name)
                    : dashboardVariables.contains(name) ? VARIABLE_VALUE : m.group();
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static final Set<String> KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset", "atan2", "inf", "nan");

    /**
     * Metric names an expression selects. A small lexer, not a full parser: it drops
     * strings, label matchers, range/subquery brackets, grouping label lists and numbers,
     * then keeps identifiers that are not keywords and not followed by "(" (functions and
     * aggregations).
     */
    public static Set<String> metricNames(String promql) {
        String s = promql
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
                .replaceAll("`[^`]*`", "``")
                .replaceAll("\\{[^}]*}", "{}")
                .replaceAll("\\[[^]]*]", "[]")
                .replaceAll("(?i)\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                // number or duration: 1e-9, 0.95, 5m, 0x1f
                i++;
                while (i < s.length()) {
                    char d = s.charAt(i);
                    if (Character.isLetterOrDigit(d) || d == '.' || d == '_') {
                        i++;
                    } else if ((d == '-' || d == '+') && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E')) {
                        i++;
                    } else {
                        break;
                    }
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == ':')) {
                    i++;
                }
                String word = s.substring(start, i);
                int j = i;
                while (j < s.length() && Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                boolean call = j < s.length() && s.charAt(j) == '(';
                if (!call && !KEYWORDS.contains(word.toLowerCase())) {
                    names.add(word);
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern GROUPING =
            Pattern.compile("(?i)\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

    /**
     * Label names an expression relies on: those of its label matchers ({@code {status="failed"}}) and of its
     * grouping clauses ({@code by (mapping)}, {@code on (...)}). A renamed label breaks a panel silently (the
     * matcher selects nothing, {@code or vector(0)} hides it, {@code by} groups everything into one series).
     */
    public static Set<String> labelNames(String promql) {
        String s = promql
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
                .replaceAll("`[^`]*`", "``");
        Set<String> names = new LinkedHashSet<>();
        Matcher braces = Pattern.compile("\\{([^}]*)}").matcher(s);
        while (braces.find()) {
            Matcher m = MATCHER_LABEL.matcher(braces.group(1));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        Matcher g = GROUPING.matcher(s);
        while (g.find()) {
            for (String label : g.group(1).split(",")) {
                if (!label.isBlank()) {
                    names.add(label.strip());
                }
            }
        }
        names.remove("__name__");
        return names;
    }

    /** Metric name to the label names its samples carry, from a Prometheus text exposition (a /metrics scrape). */
    public static Map<String, Set<String>> labelsByMetric(String exposition) {
        Pattern sample = Pattern.compile("^([a-zA-Z_:][\\w:]*)(?:\\{(.*)})?\\s+\\S+.*$");
        Pattern label = Pattern.compile("([a-zA-Z_]\\w*)=\"(?:[^\"\\\\]|\\\\.)*\"");
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            Matcher m = sample.matcher(line);
            if (line.startsWith("#") || !m.matches()) {
                continue;
            }
            Set<String> labels = out.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            if (m.group(2) != null) {
                Matcher l = label.matcher(m.group(2));
                while (l.find()) {
                    labels.add(l.group(1));
                }
            }
        }
        return out;
    }

    /**
     * What an expression uses that the scrape lacks: metrics not exposed, and labels none of its metrics carry
     * ({@code targetLabels}, e.g. job and instance, are added by Prometheus and always there).
     */
    public static List<String> missingFrom(String promql, Map<String, Set<String>> scraped, Set<String> targetLabels) {
        List<String> missing = new ArrayList<>();
        Set<String> available = new HashSet<>(targetLabels);
        for (String metric : metricNames(promql)) {
            if (scraped.containsKey(metric)) {
                available.addAll(scraped.get(metric));
            } else {
                missing.add("metric " + metric);
            }
        }
        for (String label : labelNames(promql)) {
            if (!available.contains(label)) {
                missing.add("label " + label);
            }
        }
        return missing;
    }

    /** All panels, including those nested in collapsed rows. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(suffixes).anyMatch(sfx -> p.getFileName().toString().endsWith(sfx)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }
}
