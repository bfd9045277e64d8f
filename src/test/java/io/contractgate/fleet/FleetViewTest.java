package io.contractgate.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.admin.Reply;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FleetViewTest {

    @Test
    void shouldListJustThisGatewayWithoutSharedState() {
        FleetMember me = new FleetMember("host:8000", "1.0", "host", Instant.parse("2026-11-30T04:00:00Z"), null, 2,
                0, null);

        Reply r = new FleetView(null, 0, () -> me).list();

        assertThat(r.status()).isEqualTo(200);
        JsonNode body = (JsonNode) r.body();
        assertThat(body.path("shared").asBoolean()).isFalse();
        assertThat(body.path("configVersion").isNull()).isTrue();
        assertThat(body.path("self").asText()).isEqualTo("host:8000");
        assertThat(body.path("instances")).hasSize(1);
        JsonNode only = body.path("instances").get(0);
        assertThat(only.path("id").asText()).isEqualTo("host:8000");
        assertThat(only.path("state").asText()).isEqualTo("current");
        assertThat(only.path("mappingsRunning").asInt()).isEqualTo(2);
        assertThat(only.path("self").asBoolean()).isTrue();
        assertThat(only.has("problem")).isFalse();
    }
}
