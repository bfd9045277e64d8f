package io.contractgate.conventions;

import io.contractgate.testing.GatewayRunner;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.ModelCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every file in routes/ loads in a real main: each route runs under its file's name, the template is registered. */
class RouteFilesLoadIT {

    @TempDir
    Path home;

    @Test
    void shouldStartARouteNamedAfterEveryRouteFile() throws Exception {
        List<String> stems;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            stems = files.map(f -> f.getFileName().toString().replace(".camel.yaml", "")).sorted().toList();
        }
        try (GatewayRunner gateway = GatewayRunner.start(home, Map.of())) {
            ModelCamelContext model = (ModelCamelContext) gateway.context();
            for (String stem : stems) {
                if (model.getRouteTemplateDefinition(stem) != null) {
                    continue; // the pipeline template: it runs as the mapping routes
                }
                if (model.getRouteConfigurationDefinitions().stream().anyMatch(c -> stem.equals(c.getId()))) {
                    continue;
                }
                if (Files.readString(Path.of("routes", stem + ".camel.yaml")).contains("- routeConfiguration:")) {
                    // rest-errors: no id on purpose (a REST verb cannot name one; ConventionsTest allows only it), so
                    // it is the one global configuration in the context
                    assertThat(model.getRouteConfigurationDefinitions()).as("the global route configuration of " + stem)
                            .filteredOn(c -> c.getId() == null).hasSize(1);
                    continue;
                }
                var rest = model.getRestDefinitions().stream().filter(r -> stem.equals(r.getId())).findFirst();
                if (rest.isPresent()) {
                    // a REST DSL file (the admin API): one route per verb, each named by the verb's id
                    assertThat(rest.get().getVerbs()).as("verbs of rest " + stem).isNotEmpty();
                    for (var verb : rest.get().getVerbs()) {
                        assertThat(gateway.context().getRouteController().getRouteStatus(verb.getId()))
                                .as("route " + verb.getId() + " of rest " + stem).isEqualTo(ServiceStatus.Started);
                    }
                    continue;
                }
                assertThat(gateway.context().getRouteController().getRouteStatus(stem)).as("route " + stem)
                        .isEqualTo(ServiceStatus.Started);
            }
            assertThat(model.getRouteTemplateDefinition("contract-pipeline")).isNotNull();
            assertThat(model.getRouteConfigurationDefinitions()).anyMatch(c -> "error-handling".equals(c.getId()));
        }
    }
}
