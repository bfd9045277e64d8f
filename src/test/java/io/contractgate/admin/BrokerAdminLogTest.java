package io.contractgate.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker change stops and restarts every MQTT route: the gateway's log says who changed what and, when the new broker
 * did not take the routes, why the previous settings are back, never the password.
 */
class BrokerAdminLogTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(BrokerAdmin.class);

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private BrokerAdmin admin(Path dir) {
        RouteControl routes = new ReconnectOnlyRoutes(settings -> settings.get("mqtt.broker.url").contains("nowhere")
                ? "the output client cannot connect to " + settings.get("mqtt.broker.url") : null);
        ChangeJournal journal = new ChangeJournal(new AuditLog(dir.resolve("audit.log")), new EventHub(), List::of);
        Map<String, String> props = Map.of("mqtt.broker.url", "tcp://here:1883");
        return new BrokerAdmin(routes, journal, new BrokerSettingsFile(dir), props::get, k -> null, false);
    }

    private List<String> lines() {
        return log.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    @Test
    void shouldLogWhyARefusedChangeLeftThePreviousSettingsInForce(@TempDir Path dir) throws Exception {
        var body = new ObjectMapper().readTree(
                "{\"mqtt.broker.url\": \"tcp://nowhere:1883\", \"mqtt.password\": \"s3cret\"}");

        assertThatThrownBy(() -> admin(dir).putBroker("alice", body, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(422));
        assertThat(lines()).singleElement().asString()
                .startsWith("WARN Broker settings change by alice refused: ")
                .contains("cannot connect to tcp://nowhere:1883", "the previous settings are restored and running")
                .doesNotContain("s3cret");
    }

    @Test
    void shouldLogWhoChangedTheBrokerAndWhere(@TempDir Path dir) throws Exception {
        var body = new ObjectMapper().readTree(
                "{\"mqtt.broker.url\": \"tcp://there:1883\", \"mqtt.password\": \"s3cret\"}");

        admin(dir).putBroker("alice", body, null);

        assertThat(lines()).singleElement().asString()
                .startsWith("INFO Broker settings changed by alice: tcp://there:1883 qos=1, reconnected in ")
                .doesNotContain("s3cret");
    }
}
