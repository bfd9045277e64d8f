package io.contractgate.conventions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Project conventions checked by a program: route files valid for Kaoto/Karavan, ids follow file names, every
 * placeholder defined, every contract's $id matching its file.
 */
class ConventionsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}:]+)(?::[^}]*)?}}");

    static List<Path> routeFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    static List<Path> schemaFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("schemas"))) {
            return files.filter(f -> f.toString().endsWith(".schema.json")).sorted().toList();
        }
    }

    private static String stem(Path f) {
        String n = f.getFileName().toString();
        return n.substring(0, n.indexOf('.'));
    }

    @Test
    void shouldKeepOnlyRouteFilesInRoutes() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            assertThat(files.map(f -> f.getFileName().toString())).allMatch(n -> n.endsWith(".camel.yaml"));
        }
        assertThat(routeFiles()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void shouldValidateAgainstTheCamelYamlDslSchema(Path file) throws Exception {
        JsonSchema schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl ships schema/camelYamlDsl.json").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(JSON.readTree(in));
        }
        Set<ValidationMessage> problems = schema.validate(YAML.readTree(file.toFile()));
        assertThat(problems).as(file + " against camelYamlDsl.json").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void shouldHoldOneElementWhoseIdIsTheFileStem(Path file) throws Exception {
        JsonNode doc = YAML.readTree(file.toFile());
        assertThat(doc.size()).as("one route per file: " + file).isEqualTo(1);
        JsonNode element = doc.get(0);
        String kind = element.fieldNames().next();
        JsonNode body = element.get(kind);
        String stem = stem(file);
        switch (kind) {
            case "route", "routeTemplate", "rest" -> assertThat(body.path("id").asText()).isEqualTo(stem);
            // the REST routes' error answers are the one global configuration (no id): Camel 4.17's rest verbs
            // cannot name a routeConfigurationId, and a global one applies to exactly the routes that name none
            case "routeConfiguration" -> assertThat(body.has("id") ? body.path("id").asText() : "rest-errors")
                    .isEqualTo(stem);
            case "templatedRoute" -> {
                assertThat(body.path("routeId").asText()).isEqualTo(stem);
                assertThat(stem).startsWith("mapping-");
                String mappingId = null;
                for (JsonNode p : body.path("parameters")) {
                    if (p.path("name").asText().equals("mappingId")) {
                        mappingId = p.path("value").asText();
                    }
                }
                assertThat("mapping-" + mappingId).as("mapping file name follows its mappingId").isEqualTo(stem);
            }
            default -> throw new AssertionError("unexpected element '" + kind + "' in " + file);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routeFiles")
    void shouldDefineEveryPlaceholderItUses(Path file) throws Exception {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("application.properties"))) {
            props.load(r);
        }
        Set<String> defined = new HashSet<>(props.stringPropertyNames());
        // a route template's own parameters and local beans are placeholders it defines itself
        JsonNode element = YAML.readTree(file.toFile()).get(0);
        JsonNode template = element.get("routeTemplate");
        if (template != null) {
            template.path("parameters").forEach(p -> defined.add(p.path("name").asText()));
            template.path("beans").forEach(b -> defined.add(b.path("name").asText()));
        }
        Matcher m = PLACEHOLDER.matcher(Files.readString(file));
        while (m.find()) {
            assertThat(defined).as("placeholder {{" + m.group(1) + "}} in " + file + " is defined in application.properties")
                    .contains(m.group(1).trim());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemaFiles")
    void shouldGiveEveryContractAnIdTitleAndDescriptionMatchingItsFile(Path file) throws Exception {
        JsonNode schema = JSON.readTree(file.toFile());
        String id = schema.path("$id").asText();
        assertThat(id).as("$id of " + file).matches(".*[:/]" + Pattern.quote(stem(file)) + "(\\.schema\\.json)?");
        assertThat(schema.path("title").asText()).as("title of " + file).isNotBlank();
        assertThat(schema.path("description").asText()).as("description of " + file).isNotBlank();
    }
}
