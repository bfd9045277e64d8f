package io.contractgate.mqtt;

import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A refused connect is explained with what happened and the setting to check, never Paho's "Untranslated" text. */
class ConnectExplanationTest {

    private static final BrokerSettings TCP = BrokerSettings.from(Map.of("mqtt.broker.url", "tcp://broker:1883")::get);

    @Test
    void shouldNameTheHostNameWhenItDoesNotResolve() {
        MqttException e = new MqttException(new UnknownHostException("broker"));

        assertThat(OutputClient.explain(e, TCP))
                .isEqualTo("java.net.UnknownHostException: broker; check the host name in mqtt.broker.url")
                .doesNotContain("Untranslated").doesNotContain("below");
    }

    @Test
    void shouldAskWhetherTheBrokerRunsWhenTheConnectionIsRefused() {
        MqttException e = new MqttException(MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused"));

        assertThat(OutputClient.explain(e, TCP)).contains("reason 32103", "Connection refused")
                .endsWith("is the broker running and reachable?");
    }

    @Test
    void shouldNameTheCredentialsWhenTheBrokerRefusesThem() {
        assertThat(OutputClient.explain(new MqttException(135), TCP))
                .endsWith("(reason 135); check mqtt.username and mqtt.password");
    }
}
