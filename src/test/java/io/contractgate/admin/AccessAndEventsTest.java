package io.contractgate.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plain-Java parts of the admin API: access control, events, atomic files, audit log, settings. */
class AccessAndEventsTest {

    @TempDir
    Path dir;

    static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void adminDoesEverythingViewerOnlyReads() {
        AccessControl ac = new AccessControl("admin", "a", "viewer", "v");
        assertThat(ac.decide("GET", null).status()).isEqualTo(401);
        assertThat(ac.decide("GET", "Bearer x").status()).isEqualTo(401);
        assertThat(ac.decide("GET", "Basic !!!").status()).isEqualTo(401);
        assertThat(ac.decide("GET", basic("admin", "wrong")).status()).isEqualTo(401);
        assertThat(ac.decide("DELETE", basic("admin", "a")).allowed()).isTrue();
        assertThat(ac.decide("GET", basic("viewer", "v")).allowed()).isTrue();
        assertThat(ac.decide("PUT", basic("viewer", "v")).status()).isEqualTo(403);
        AccessControl noViewer = new AccessControl("admin", "a", "viewer", "");
        assertThat(noViewer.decide("GET", basic("viewer", "")).status()).isEqualTo(401);
        assertThatThrownBy(() -> new AccessControl("admin", "", "v", "v")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void slowSubscribersAreDroppedAndPublishingNeverBlocks() {
        EventHub hub = new EventHub(2);
        AtomicInteger dropped = new AtomicInteger();
        EventHub.Subscription slow = hub.subscribe(Set.of(), () -> { }, dropped::incrementAndGet);
        List<String> fast = new ArrayList<>();
        EventHub.Subscription[] f = new EventHub.Subscription[1];
        f[0] = hub.subscribe(Set.of("config_updated"), () -> fast.add(f[0].poll().json()), () -> { });
        hub.publish("config_updated", "{\"n\":1}");
        hub.publish("message", "{\"n\":2}"); // not a type the fast one wants
        hub.publish("config_updated", "{\"n\":3}");
        hub.publish("config_updated", "{\"n\":4}");
        assertThat(fast).containsExactly("{\"n\":1}", "{\"n\":3}", "{\"n\":4}");
        assertThat(dropped.get()).isEqualTo(1);
        assertThat(slow.isClosed()).isTrue();
        assertThat(hub.subscriberCount()).isEqualTo(1);
        assertThat(new EventHub.Event("config_updated", "{}").frame()).isEqualTo("event: config_updated\ndata: {}\n\n");
    }

    @Test
    void atomicWritesLeaveNoTempFileAndEtagsDetectStaleWrites() throws Exception {
        Path f = dir.resolve("x.camel.yaml");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertThat(Files.readString(f)).isEqualTo("two");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("x.camel.yaml");
        }
        String tag = AtomicFiles.etag("two");
        assertThat(AtomicFiles.ifMatchAllows(null, tag)).isTrue();
        assertThat(AtomicFiles.ifMatchAllows(tag, tag)).isTrue();
        assertThat(AtomicFiles.ifMatchAllows("W/" + tag, tag)).isTrue();
        assertThat(AtomicFiles.ifMatchAllows(AtomicFiles.etag("one"), tag)).isFalse();
        assertThat(AtomicFiles.ifMatchAllows("*", null)).isFalse();
    }

    @Test
    void auditLogAppendsAndReturnsTheNewest() {
        AuditLog log = new AuditLog(dir.resolve("config/audit.log"));
        for (int i = 0; i < 5; i++) {
            log.record("admin", "mapping", "m" + i, "create", true, null);
        }
        assertThat(log.tail(2)).extracting(n -> n.get("id").asText()).containsExactly("m3", "m4");
        assertThat(log.tail(2).get(0).get("user").asText()).isEqualTo("admin");
        assertThat(new AuditLog(dir.resolve("none.log")).tail(5)).isEmpty();
    }

    @Test
    void settingsGenerateAPasswordAndNameBadKeys() {
        AdminSettings s = AdminSettings.from(Map.<String, String>of()::get);
        assertThat(s.generatedPassword()).isTrue();
        assertThat(s.password()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(AdminSettings.from(Map.<String, String>of()::get).password()).isNotEqualTo(s.password());
        assertThat(s.routesDir()).isEqualTo(Path.of("routes"));
        assertThat(AdminSettings.routesDirFromPattern("file:/tmp/x/routes/*.camel.yaml")).isEqualTo("/tmp/x/routes");
        assertThat(AdminSettings.from(Map.of("admin.password", "p")::get).generatedPassword()).isFalse();
        assertThatThrownBy(() -> AdminSettings.from(Map.of("admin.max-body-bytes", "lots")::get))
                .hasMessageContaining("admin.max-body-bytes");
    }

    @Test
    void brokerFileMasksSecretsAndRefusesUnknownKeys() throws Exception {
        BrokerSettingsFile f = new BrokerSettingsFile(dir);
        assertThat(f.load()).isEmpty();
        AtomicFiles.write(f.file(), BrokerSettingsFile.render(Map.of("mqtt.broker.url", "tcp://h:1883", "mqtt.password", "s")));
        assertThat(f.load()).containsEntry("mqtt.broker.url", "tcp://h:1883").containsEntry("mqtt.password", "s");
        assertThat(BrokerSettingsFile.masked(f.load())).containsEntry("mqtt.password", BrokerSettingsFile.MASK);
        Files.writeString(f.file(), "mqtt.embedded.port=1\n");
        assertThatThrownBy(f::load).hasMessageContaining("mqtt.embedded.port");
    }
}
