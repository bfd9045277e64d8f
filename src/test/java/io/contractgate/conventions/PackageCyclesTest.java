package io.contractgate.conventions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No dependency cycle between the packages under io.contractgate in src/main: the references (imports and fully
 * qualified names, comments left out) of each package's sources form a graph, and every cycle in it is reported with
 * the classes that close it.
 */
class PackageCyclesTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*[\\s\\S]*?\\*/");
    /** io.contractgate, then lower-case segments (the package), then a class name. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.contractgate((?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*)");

    @Test
    void shouldHaveNoCycleBetweenPackages() throws IOException {
        Map<String, Map<String, Set<String>>> graph = dependencies(MAIN);
        assertThat(graph).as("sources found under " + MAIN).isNotEmpty();
        assertThat(cycles(graph)).as("package cycles (package -> package: files)").isEmpty();
    }

    @Test
    void shouldReportACycleBetweenTwoPackages(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "io/contractgate/a/A.java", "package io.contractgate.a;\nimport io.contractgate.b.B;\nclass A {}\n");
        write(dir, "io/contractgate/b/B.java", "package io.contractgate.b;\nclass B { Object o = io.contractgate.a.A.class; }\n");
        write(dir, "io/contractgate/c/C.java", "package io.contractgate.c;\n// io.contractgate.a.A in a comment is no reference\nclass C {}\n");
        write(dir, "io/contractgate/a/D.java", "package io.contractgate.a;\n/* io.contractgate.c.C */ class D {}\n");

        List<String> cycles = cycles(dependencies(dir));

        assertThat(cycles).hasSize(1);
        assertThat(cycles.get(0)).contains("io.contractgate.a -> io.contractgate.b", "io.contractgate.b -> io.contractgate.a");
    }

    /** package -> (package it references -> the source files that reference it). */
    static Map<String, Map<String, Set<String>>> dependencies(Path root) throws IOException {
        Map<String, Map<String, Set<String>>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String text = Files.readString(file);
                Matcher p = PACKAGE.matcher(text);
                if (!p.find()) {
                    continue;
                }
                String from = p.group(1);
                Map<String, Set<String>> out = graph.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher r = REFERENCE.matcher(COMMENTS.matcher(text).replaceAll(""));
                while (r.find()) {
                    String to = "io.contractgate" + r.group(1);
                    if (!to.equals(from)) {
                        out.computeIfAbsent(to, k -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
        return graph;
    }

    /** Each edge a -> b where b reaches a, described with the path back. */
    static List<String> cycles(Map<String, Map<String, Set<String>>> graph) {
        List<String> found = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (var from : graph.entrySet()) {
            for (var edge : from.getValue().entrySet()) {
                List<String> back = path(graph, edge.getKey(), from.getKey());
                if (back == null) {
                    continue;
                }
                List<String> cycle = new ArrayList<>();
                cycle.add(from.getKey());
                cycle.addAll(back);
                Set<String> members = new TreeSet<>(cycle);
                if (!reported.add(String.join(",", members))) {
                    continue;
                }
                StringBuilder text = new StringBuilder();
                for (int i = 0; i + 1 < cycle.size(); i++) {
                    text.append(cycle.get(i)).append(" -> ").append(cycle.get(i + 1)).append(": ")
                            .append(graph.get(cycle.get(i)).get(cycle.get(i + 1))).append('\n');
                }
                found.add(text.toString());
            }
        }
        return found;
    }

    /** A shortest path from start to goal (both included), or null. */
    private static List<String> path(Map<String, Map<String, Set<String>>> graph, String start, String goal) {
        Map<String, String> previous = new TreeMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(start));
        previous.put(start, start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(goal)) {
                List<String> path = new ArrayList<>();
                for (String s = goal; ; s = previous.get(s)) {
                    path.add(0, s);
                    if (s.equals(start)) {
                        return path;
                    }
                }
            }
            for (String next : graph.getOrDefault(at, Map.of()).keySet()) {
                if (previous.putIfAbsent(next, at) == null) {
                    queue.add(next);
                }
            }
        }
        return null;
    }

    private static void write(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
