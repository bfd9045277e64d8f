package io.contractgate.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Two gateways of a fleet hold the same shared broker settings under their own client ids: an operator who reads
 * the settings from one (behind a load balancer) and saves them through the other gets the same answer as on one
 * gateway, 200 when nothing changed in between, 412 when something did.
 */
class BrokerEtagInFleetTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A fleet's gate as far as the broker settings see it: the client id is each gateway's own. */
    private static final ChangeJournal.ChangeGate FLEET = new ChangeJournal.ChangeGate() {
        @Override
        public <T> T commit(Supplier<T> change) {
            return change.get();
        }

        @Override
        public Set<String> ownBrokerKeys() {
            return Set.of("mqtt.client-id");
        }
    };

    private BrokerAdmin member(String name, Map<String, String> properties, ChangeJournal.ChangeGate gate) {
        RouteControl routes = new ReconnectOnlyRoutes(settings -> {
            properties.putAll(settings);
            return null;
        });
        Path home = dir.resolve(name);
        ChangeJournal journal = new ChangeJournal(new AuditLog(home.resolve("audit.log")), new EventHub(), List::of);
        journal.setGate(gate);
        return new BrokerAdmin(routes, journal, new BrokerSettingsFile(home), properties::get, Map.<String, String>of()::get,
                false);
    }

    private static Map<String, String> settings(String clientId) {
        return new HashMap<>(Map.of("mqtt.broker.url", "tcp://127.0.0.1:1883", "mqtt.client-id", clientId, "mqtt.qos", "1"));
    }

    @Test
    void shouldAcceptOnOneMemberTheEtagReadFromAnotherWhenTheSharedSettingsAreTheSame() throws Exception {
        BrokerAdmin a = member("a", settings("fleet-a"), FLEET);
        BrokerAdmin b = member("b", settings("fleet-b"), FLEET);

        String readOnA = a.getBroker().etag();

        // before: B's ETag covered its own client id, so every If-Match read from A got 412 on B, however current
        assertThat(b.getBroker().etag()).isEqualTo(readOnA);
        assertThat(b.putBroker("admin", JSON.readTree("{\"mqtt.keep-alive\": 30}"), readOnA).status()).isEqualTo(200);
    }

    @Test
    void shouldStillRefuseAStaleEtagReadFromAnotherMember() throws Exception {
        Map<String, String> onB = settings("fleet-b");
        BrokerAdmin a = member("a", settings("fleet-a"), FLEET);
        BrokerAdmin b = member("b", onB, FLEET);
        String readOnA = a.getBroker().etag();
        onB.put("mqtt.qos", "0"); // another change of the fleet, already in force on B

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> b.putBroker("admin", JSON.readTree("{\"mqtt.keep-alive\": 30}"), readOnA));

        assertThat(e.status()).isEqualTo(412);
        assertThat(e.field()).isEqualTo("If-Match");
    }

    @Test
    void shouldChangeTheEtagOfASingleGatewayWhenItsClientIdChanges() throws Exception {
        BrokerAdmin single = member("single", settings("gw"), ChangeJournal.ChangeGate.LOCAL);
        String before = single.getBroker().etag();

        single.putBroker("admin", JSON.readTree("{\"mqtt.client-id\": \"gw-2\"}"), before);

        assertThat(single.getBroker().etag()).isNotEqualTo(before);
    }
}
