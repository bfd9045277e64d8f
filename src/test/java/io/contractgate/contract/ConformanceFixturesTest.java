package io.contractgate.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Walks {@code src/test/resources/conformance/<case>/}: {@code schema.json} is the contract, each {@code valid-*} and
 * {@code invalid-*} file a payload, byte for byte, checked the way a dry run checks it.
 */
class ConformanceFixturesTest {

    private static final Path ROOT = Path.of("src/test/resources/conformance");
    private static final ContractCompiler COMPILER = new ContractCompiler();
    private static final PayloadValidator VALIDATOR = new PayloadValidator();

    static List<Arguments> fixtures() throws IOException {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        String name = f.getFileName().toString();
                        if (name.startsWith("valid-") || name.startsWith("invalid-")) {
                            out.add(Arguments.of(dir.getFileName() + "/" + name, dir.resolve("schema.json"), f));
                        }
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void shouldGiveTheVerdictTheFixtureNameStates(String name, Path schema, Path payload) throws IOException {
        Contract contract = COMPILER.compile("fixture", Files.readString(schema, StandardCharsets.UTF_8));
        Verdict verdict = VALIDATOR.validate(Files.readAllBytes(payload), contract, "sensor_id");

        boolean expected = payload.getFileName().toString().startsWith("valid-");
        assertThat(verdict.valid()).as(name + " " + verdict.violations()).isEqualTo(expected);
        if (!expected) {
            assertThat(verdict.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
            assertThat(verdict.primaryError()).as("a contract violation, not a parse error")
                    .isNotEqualTo(ErrorType.INVALID_JSON);
        }
    }
}
