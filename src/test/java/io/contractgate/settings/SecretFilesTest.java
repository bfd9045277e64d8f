package io.contractgate.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets from files (*_FILE variables), with start-up errors that name the variable and never the secret. */
class SecretFilesTest {

    @TempDir
    Path dir;

    @Test
    void shouldReadEachSecretFromItsFileDroppingOneTrailingNewline() throws Exception {
        Files.writeString(dir.resolve("admin"), "s3cret-admin\n");
        Files.writeString(dir.resolve("token"), "tok en\r\n");
        Files.writeString(dir.resolve("mqtt"), "m\n\n");

        Map<String, String> props = SecretFiles.read(Map.of(
                "ADMIN_PASSWORD_FILE", dir.resolve("admin").toString(),
                "INFLUX_TOKEN_FILE", dir.resolve("token").toString(),
                "MQTT_PASSWORD_FILE", dir.resolve("mqtt").toString(),
                "PATH", "/usr/bin"));

        assertThat(props).containsExactlyInAnyOrderEntriesOf(Map.of(
                "admin.password", "s3cret-admin", "influx.token", "tok en", "mqtt.password", "m\n"));
    }

    /** The Kubernetes Secret mounts it as a file like the others (it had to go in as a plain variable before). */
    @Test
    void shouldReadTheQuarantineDatabasePasswordFromItsFile() throws Exception {
        Files.writeString(dir.resolve("pg"), "pg-secret\n");

        assertThat(SecretFiles.read(Map.of("QUARANTINE_PASSWORD_FILE", dir.resolve("pg").toString())))
                .containsExactly(Map.entry("quarantine.password", "pg-secret"));
        assertThatThrownBy(() -> SecretFiles.read(Map.of("QUARANTINE_PASSWORD_FILE", dir.resolve("pg").toString(),
                "QUARANTINE_PASSWORD", "from-env")))
                .hasMessageContaining("QUARANTINE_PASSWORD_FILE and QUARANTINE_PASSWORD are both set");
    }

    @Test
    void shouldFailNamingTheVariableWhenTheFileIsMissingEmptyOrDoublySet() throws Exception {
        assertThatThrownBy(() -> SecretFiles.read(Map.of("MQTT_PASSWORD_FILE", dir.resolve("nope").toString())))
                .hasMessageStartingWith("MQTT_PASSWORD_FILE: cannot read the file")
                .hasMessageContaining("mqtt.password");
        Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> SecretFiles.read(Map.of("ADMIN_PASSWORD_FILE", dir.resolve("empty").toString())))
                .hasMessageContaining("is empty");
        Files.writeString(dir.resolve("a"), "from-file");
        assertThatThrownBy(() -> SecretFiles.read(Map.of("ADMIN_PASSWORD_FILE", dir.resolve("a").toString(),
                "ADMIN_PASSWORD", "from-env")))
                .hasMessageContaining("ADMIN_PASSWORD_FILE and ADMIN_PASSWORD are both set")
                .hasMessageNotContaining("from-env").hasMessageNotContaining("from-file");
    }
}
