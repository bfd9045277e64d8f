package io.contractgate.conventions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every table in README.md and docs/*.md with a "Default" column states, for the gateway's keys it names, the value
 * application.properties ships (docs/monitoring.md said influx.buffer-limit defaults to 10000; it is 50000).
 */
class DocumentedDefaultsTest {

    private static final Pattern KEY = Pattern.compile("`([a-z]+\\.[a-zA-Z0-9.-]+)`");
    private static final Pattern VALUE = Pattern.compile("^`([^`]*)`$");

    @Test
    void everyDocumentedDefaultIsTheShippedOne() throws IOException {
        Properties shipped = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            shipped.load(r);
        }
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path page : pages) {
            int defaultColumn = -1;
            for (String line : Files.readAllLines(page)) {
                if (!line.startsWith("|")) {
                    defaultColumn = -1;
                    continue;
                }
                List<String> cells = cells(line);
                if (defaultColumn < 0) {
                    defaultColumn = cells.indexOf("Default");
                    continue;
                }
                if (defaultColumn >= cells.size()) {
                    continue;
                }
                List<String> keys = new ArrayList<>();
                Matcher k = KEY.matcher(cells.get(0));
                while (k.find()) {
                    keys.add(k.group(1));
                }
                String[] values = cells.get(defaultColumn).split(",\\s*");
                if (keys.isEmpty() || values.length != keys.size()
                        || !keys.stream().allMatch(key -> shipped.getProperty(key) != null)) {
                    continue;
                }
                for (int i = 0; i < keys.size(); i++) {
                    String shown = values[i].strip();
                    Matcher v = VALUE.matcher(shown);
                    String stated = v.matches() ? v.group(1) : shown.startsWith("empty") ? "" : null;
                    String actual = shipped.getProperty(keys.get(i)).strip();
                    if (stated == null || stated.contains("<") || actual.startsWith("{{")) {
                        continue; // prose ("off", "(empty)"), a derived value (`<host>:<port>`) or a placeholder
                    }
                    checked++;
                    if (!stated.equals(actual)) {
                        wrong.add(page + ": " + keys.get(i) + " default `" + stated + "`, application.properties " + actual);
                    }
                }
            }
        }
        assertThat(checked).as("defaults compared").isGreaterThan(60);
        assertThat(wrong).isEmpty();
    }

    private static List<String> cells(String row) {
        List<String> out = new ArrayList<>();
        for (String c : row.strip().replaceAll("^\\||\\|$", "").split("(?<!\\\\)\\|")) {
            out.add(c.strip());
        }
        return out;
    }
}
