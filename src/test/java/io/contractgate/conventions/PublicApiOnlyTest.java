package io.contractgate.conventions;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway uses libraries through their public API only: no reflection into private members (Paho, Camel or any
 * other), no other library's internal packages. A library's private members are not an API: an upgrade can change
 * them without notice, and the failure would be silent.
 */
class PublicApiOnlyTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "privateLookupIn|setAccessible|getDeclared(Field|Method|Constructor)|import org\\.eclipse\\.paho\\.[a-z0-9.]*\\.internal\\.");

    @Test
    void shouldNotReachIntoPrivateMembersOfAnyLibrary() throws IOException {
        List<String> hits;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            hits = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    List<String> lines = Files.readAllLines(p);
                    return java.util.stream.IntStream.range(0, lines.size())
                            .filter(i -> FORBIDDEN.matcher(lines.get(i)).find())
                            .mapToObj(i -> p + ":" + (i + 1) + ": " + lines.get(i).trim());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(hits).isEmpty();
    }
}
