package io.contractgate.startup;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReadyLogTest {

    @Test
    void theMappingsLineNamesTheDisabledMappingsToo() {
        // before: a disabled mapping was missing from the Ready block, as if it did not exist
        assertThat(ReadyLog.mappingLine(List.of("sensor2", "sensor1"), List.of("line3")))
                .isEqualTo("2 running: sensor1, sensor2; 1 disabled: line3");
    }

    @Test
    void theBrokerLineNamesTheEmbeddedBrokersDataFolder() {
        // before: "embedded, data in mqtt.embedded.data-dir": the key, not the folder a new user looks for
        assertThat(ReadyLog.brokerNote(true, "data/broker")).isEqualTo("embedded; data in data/broker, set by mqtt.embedded.data-dir");
        assertThat(ReadyLog.brokerNote(false, "data/broker")).isEqualTo("mqtt.broker.url");
    }

    @Test
    void withNoneDisabledTheLineIsAsBefore() {
        assertThat(ReadyLog.mappingLine(List.of("sensor1", "sensor2"), List.of()))
                .isEqualTo("2 running: sensor1, sensor2");
    }
}
