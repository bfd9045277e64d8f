package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedBrokerStartFailureTest {

    @TempDir
    Path data;

    @Test
    void shouldNameTheDataFolderAndItsFreeSpaceWhenTheBrokerNeverFinishesItsStart() {
        // a full data folder: HiveMQ logs the stores it cannot open and its start never completes; before, the line
        // was "embedded MQTT broker could not start on 127.0.0.1:1883 (mqtt.embedded.port): null"
        String line = EmbeddedBroker.explain("127.0.0.1", 1883, data, new TimeoutException());

        assertThat(line).doesNotContain("null").contains(data.toAbsolutePath().toString())
                .contains("mqtt.embedded.data-dir").containsPattern("\\d+ MB free");
        assertThat(EmbeddedBroker.explain("127.0.0.1", 1883, data, new IllegalStateException("bind failed")))
                .isEqualTo("embedded MQTT broker could not start on 127.0.0.1:1883 (mqtt.embedded.port): bind failed");
    }
}
