package io.contractgate.faults;

import io.contractgate.testing.GatewayProcess;
import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A start on files an operator broke by hand (or a crash left broken) in routes/, schemas/ and config/: the gateway
 * says which file and what is wrong, in one line without a stack trace, and never runs with a mapping silently missing.
 */
class BrokenConfigStartIT {

    @TempDir
    Path home;

    private GatewayProcess gateway() throws Exception {
        return new GatewayProcess(home, Map.of("mqtt.embedded.port", Integer.toString(GatewayRunner.freePort()),
                "mqtt.embedded.data-dir", home.resolve("broker-data").toString()));
    }

    /** Edits routes/mapping-sensor2.camel.yaml of the gateway's copy by hand. */
    private void editMappingFile(java.util.function.UnaryOperator<String> edit) throws Exception {
        Path file = home.resolve("routes/mapping-sensor2.camel.yaml");
        Files.writeString(file, edit.apply(Files.readString(file)));
    }

    /** The log of a start that must fail: exit code 1. */
    private String failedStart(GatewayProcess gw) throws Exception {
        int exit = gw.start().awaitExit(Duration.ofSeconds(60));
        assertThat(exit).as(gw.log()).isEqualTo(1);
        return gw.log();
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aBadValueInTheSavedBrokerSettingsNamesTheFile() throws Exception {
        try (GatewayProcess gw = gateway()) {
            Files.createDirectories(home.resolve("config"));
            Files.writeString(home.resolve("config/broker.properties"), "mqtt.qos=7\n");
            assertThat(failedStart(gw))
                    .contains("contract-gateway did not start: mqtt.qos must be from 0 to 2, was 7 (from "
                            + Path.of("config", "broker.properties") + ", saved through the admin API")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMappingFileWithABadIndentNamesTheFileAndTheLine() throws Exception {
        try (GatewayProcess gw = gateway()) {
            editMappingFile(text -> text.replace("    - name: contractId", "     - name: contractId"));
            assertThat(failedStart(gw))
                    .contains("contract-gateway did not start: routes/mapping-sensor2.camel.yaml is not valid YAML: "
                            + "expected <block end>, but found '<block sequence start>' at line 10, column 6")
                    .doesNotContain("\tat ").doesNotContain("Caused by");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMappingFileWithoutItsSourceTopicNamesTheFileAndTheParameter() throws Exception {
        try (GatewayProcess gw = gateway()) {
            editMappingFile(text -> text.replaceAll("    - name: sourceTopic\n      value: [^\n]*\n", ""));
            assertThat(failedStart(gw))
                    .contains("contract-gateway did not start: " + Path.of("routes", "mapping-sensor2.camel.yaml")
                            + ": parameter sourceTopic missing")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aMappingWhoseContractIsMissingIsNamedAtStart() throws Exception {
        try (GatewayProcess gw = gateway()) {
            editMappingFile(text -> text.replace("      value: sensor2\n    - name: validatedTopic",
                    "      value: sensor9\n    - name: validatedTopic"));
            gw.start().awaitReady(Duration.ofSeconds(60));
            assertThat(gw.log()).containsPattern("WARN .*" + Path.of("routes", "mapping-sensor2.camel.yaml")
                    + ": mapping 'sensor2' names contract 'sensor9', which is not in the contracts folder")
                    .contains("mappings   2 running: sensor1, sensor2");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aTruncatedContractNamesTheFile() throws Exception {
        try (GatewayProcess gw = gateway()) {
            Path file = home.resolve("schemas/sensor1.schema.json");
            Files.writeString(file, Files.readString(file).substring(0, 300));
            assertThat(failedStart(gw))
                    .contains("contract-gateway did not start: contract 'sensor1' is not valid JSON")
                    .contains("(file schemas/sensor1.schema.json)")
                    .doesNotContain("\tat ");
        }
    }
}
