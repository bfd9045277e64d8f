package io.contractgate.fleet;

import io.contractgate.admin.BrokerSettingsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFilesTest {

    @TempDir
    Path home;

    private LocalFiles files() {
        return new LocalFiles(home.resolve("routes"), home.resolve("schemas"), home.resolve("config"));
    }

    @Test
    void shouldReadMappingsContractsHistoryAndSharedBrokerSettingsOnly() throws Exception {
        Files.createDirectories(home.resolve("routes"));
        Files.createDirectories(home.resolve("schemas/.versions/c1"));
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("routes/mapping-m1.camel.yaml"), "m1");
        Files.writeString(home.resolve("routes/mapping-m1.camel.yaml.prev"), "backup");
        Files.writeString(home.resolve("routes/admin-api.camel.yaml"), "not a mapping");
        Files.writeString(home.resolve("schemas/c1.schema.json"), "{}");
        Files.writeString(home.resolve("schemas/.versions/c1/1.schema.json"), "{}");
        Files.writeString(home.resolve("schemas/.versions/c1/.1.schema.json.1-1.tmp"), "half written");
        Files.writeString(home.resolve("config/broker.properties"), "mqtt.client-id=gw-a\nmqtt.qos=0\n");
        Files.writeString(home.resolve("config/audit.log"), "{}\n");

        Map<String, String> s = files().snapshot();

        assertThat(s).containsOnlyKeys("mapping/m1", "contract/c1", "history/c1/1.schema.json", "broker");
        assertThat(s.get("mapping/m1")).isEqualTo("m1");
        assertThat(LocalFiles.parseBroker(s.get("broker"))).containsExactly(Map.entry("mqtt.qos", "0"));
    }

    @Test
    void shouldWriteWhatItReadsAndKeepThisGatewaysClientId() throws Exception {
        Files.createDirectories(home.resolve("config"));
        Files.writeString(home.resolve("config/broker.properties"), "mqtt.client-id=gw-b\n");
        Map<String, String> target = Map.of("mapping/m1", "m1 text", "contract/c1", "{\"type\":\"object\"}",
                "history/c1/index.jsonl", "{\"version\":1}\n", "broker", BrokerSettingsFile.render(Map.of("mqtt.qos", "1")));

        files().writeAll(ApplyPlan.between(files().snapshot(), target));

        assertThat(files().snapshot()).containsAllEntriesOf(Map.of("mapping/m1", "m1 text",
                "contract/c1", "{\"type\":\"object\"}", "history/c1/index.jsonl", "{\"version\":1}\n"));
        assertThat(LocalFiles.parseBroker(files().snapshot().get("broker"))).containsExactly(Map.entry("mqtt.qos", "1"));
        assertThat(Files.readString(home.resolve("config/broker.properties"))).contains("mqtt.client-id=gw-b");
        assertThat(ApplyPlan.between(files().snapshot(), target)).isEmpty();
    }

    @Test
    void shouldRemoveWhatTheTargetDoesNotHold() throws Exception {
        Files.createDirectories(home.resolve("routes"));
        Files.writeString(home.resolve("routes/mapping-old.camel.yaml"), "old");
        Files.writeString(home.resolve("routes/contract-pipeline.camel.yaml"), "template");

        files().writeAll(ApplyPlan.between(files().snapshot(), Map.of()));

        assertThat(home.resolve("routes/mapping-old.camel.yaml")).doesNotExist();
        assertThat(home.resolve("routes/contract-pipeline.camel.yaml")).exists();
    }
}
