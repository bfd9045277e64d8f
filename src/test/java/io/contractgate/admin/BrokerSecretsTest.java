package io.contractgate.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Broker secrets the environment provides stay out of config/broker.properties, which only its owner may read. */
class BrokerSecretsTest {

    private static final String SECRET = "from-a-compose-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Map<String, String> properties = new HashMap<>(Map.of(
            "mqtt.broker.url", "tcp://127.0.0.1:1883", "mqtt.username", "gw", "mqtt.password", SECRET, "mqtt.qos", "1"));

    private BrokerAdmin admin(Map<String, String> env) {
        RouteControl routes = new ReconnectOnlyRoutes(brokerSettings -> {
            properties.putAll(brokerSettings); // what the running gateway's property lookup then answers
            return null;
        });
        ChangeJournal journal = new ChangeJournal(new AuditLog(dir.resolve("audit.log")), new EventHub(), List::of);
        return new BrokerAdmin(routes, journal, new BrokerSettingsFile(dir), properties::get, env::get, false);
    }

    @Test
    void shouldNotCopyAPasswordFromASecretFileIntoTheBrokerFile() throws Exception {
        BrokerAdmin admin = admin(Map.of("MQTT_PASSWORD_FILE", "/run/secrets/mqtt"));

        admin.putBroker("admin", JSON.readTree("{\"mqtt.qos\": 2}"), null);

        // before: every effective setting was written, the secret file's password in clear in a 0644 file
        String saved = Files.readString(dir.resolve(BrokerSettingsFile.FILE_NAME));
        assertThat(saved).contains("mqtt.qos=2").contains("mqtt.username=gw").doesNotContain(SECRET)
                .doesNotContain("mqtt.password");
    }

    @Test
    void shouldRefuseToChangeAPasswordASecretFileSetsNamingTheVariable() throws Exception {
        BrokerAdmin admin = admin(Map.of("MQTT_PASSWORD_FILE", "/run/secrets/mqtt"));

        // before: accepted, saved, and silently replaced by the secret file's password at the next start
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> admin.putBroker("admin", JSON.readTree("{\"mqtt.password\": \"other\"}"), null));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.field()).isEqualTo("mqtt.password");
        assertThat(e.getMessage()).contains("MQTT_PASSWORD_FILE");
    }

    @Test
    void shouldKeepAPasswordSetThroughTheApiInAFileOnlyItsOwnerCanRead() throws Exception {
        BrokerAdmin admin = admin(Map.of());

        admin.putBroker("admin", JSON.readTree("{\"mqtt.password\": \"set-by-api\"}"), null);

        Path file = dir.resolve(BrokerSettingsFile.FILE_NAME);
        assertThat(Files.readString(file)).contains("mqtt.password=set-by-api");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
    }
}
