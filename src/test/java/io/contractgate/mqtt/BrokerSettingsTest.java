package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Broker settings fail fast and name the key at fault. */
class BrokerSettingsTest {

    private static BrokerSettings of(Map<String, String> m) {
        return BrokerSettings.from(m::get);
    }

    @Test
    void shouldUseTheEmbeddedBrokerWhenNoUrlIsSet() {
        BrokerSettings s = of(Map.of());
        assertThat(s.embedded()).isTrue();
        assertThat(s.qos()).isEqualTo(1);
        assertThat(s.clientIdPrefix()).isEqualTo("contract-gateway");
    }

    @Test
    void shouldNameTheKeyOfABadValue() {
        assertThatThrownBy(() -> of(Map.of("mqtt.qos", "3"))).hasMessageContaining("mqtt.qos");
        assertThatThrownBy(() -> of(Map.of("mqtt.broker.url", "localhost:1883"))).hasMessageContaining("mqtt.broker.url");
        assertThatThrownBy(() -> of(Map.of("mqtt.clean-start", "yes"))).hasMessageContaining("mqtt.clean-start");
        assertThatThrownBy(() -> of(Map.of("mqtt.keep-alive", "soon"))).hasMessageContaining("mqtt.keep-alive");
        assertThatThrownBy(() -> of(Map.of("mqtt.client-id", "a b"))).hasMessageContaining("mqtt.client-id");
    }

    @Test
    void shouldNameTheTrustStoreKeyWhenTheFileIsMissing() {
        BrokerSettings s = of(Map.of("mqtt.broker.url", "ssl://broker:8883", "mqtt.tls.trust-store", "/nope.p12"));
        assertThat(s.tls()).isTrue();
        assertThatThrownBy(s::socketFactory).hasMessageContaining("mqtt.tls.trust-store");
    }

    @Test
    void shouldRefuseAPasswordInTheUrlWithoutEchoingIt() {
        // before: accepted, and tcp://u:pw@host was shown by GET /api/broker, the audit log and JMX
        for (String url : new String[] {"tcp://u:hunter2@broker:1883", "wss://u:hunter2@broker:443/mqtt", "tcp://hunter2@b"}) {
            assertThatThrownBy(() -> of(Map.of("mqtt.broker.url", url))).as(url)
                    .hasMessageContaining("mqtt.broker.url must not carry a user name or password")
                    .hasMessageNotContaining("hunter2");
        }
        assertThat(of(Map.of("mqtt.broker.url", "wss://broker:443/mqtt?x=a@b")).embedded()).isFalse();
    }

    @Test
    void shouldNeverPrintThePassword() {
        BrokerSettings s = of(Map.of("mqtt.broker.url", "tcp://b:1883", "mqtt.username", "u", "mqtt.password", "secret"));
        assertThat(s.describe()).contains("u").doesNotContain("secret");
    }

    @Test
    void shouldNameTheEmbeddedBrokerWhenNoUrlIsSet() {
        assertThat(of(Map.of()).describe()).isEqualTo("the embedded broker qos=1");
    }

    @Test
    void shouldNotShowTheUrlsQueryWhereATokenMayBe() {
        BrokerSettings s = of(Map.of("mqtt.broker.url", "wss://broker:443/mqtt?sig=tok3n"));
        assertThat(s.describe()).contains("wss://broker:443/mqtt?…").doesNotContain("tok3n");
        assertThatThrownBy(() -> of(Map.of("mqtt.broker.url", "nope?sig=tok3n"))).hasMessageNotContaining("tok3n");
    }
    @Test
    void shouldRefuseAUrlTheMqttClientCannotOpenNamingTheKey() {
        // each was a 500 from PUT /api/broker with the output client already gone and no restore: the gateway stopped
        // forwarding, every later broker change was a 500 too, until a restart
        for (String url : new String[] {"tcp://[::1", "tcp://127.0.0.1:65536", "tcp://127.0.0.1:0", "tcp://my_broker:1883",
                "tcp://a b:1", "tcp://broker:1883/x", "ssl://broker:8883/"}) {
            assertThatThrownBy(() -> of(Map.of("mqtt.broker.url", url))).as(url).hasMessageContaining("mqtt.broker.url");
        }
        assertThatThrownBy(() -> of(Map.of("mqtt.keep-alive", "99999999"))).hasMessageContaining("mqtt.keep-alive");
        for (String url : new String[] {"tcp://broker", "tcp://broker:1883", "ssl://10.0.0.1:8883", "tcp://[::1]:1883",
                "ws://broker:80/mqtt", "wss://broker:443/mqtt?sig=x"}) {
            assertThat(of(Map.of("mqtt.broker.url", url)).url()).as(url).isEqualTo(url);
        }
    }
}
