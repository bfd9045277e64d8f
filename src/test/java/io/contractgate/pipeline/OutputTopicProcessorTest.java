package io.contractgate.pipeline;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.MappingParameters;
import io.contractgate.mqtt.OutputProperties;
import org.apache.camel.Exchange;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class OutputTopicProcessorTest {

    private static Exchange checked(String topic) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        ex.setProperty(ContractValidationProcessor.PARAMETERS_PROPERTY,
                MappingParameters.Parameters.of("c1", "{topic}/validated", "alerts/{topic}", "id"));
        ex.setProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, topic);
        ex.getMessage().setHeader(PahoMqtt5Constants.MQTT_QOS, 2);
        ex.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, new MqttProperties());
        return ex;
    }

    @Test
    void shouldAddressAValidatedMessageToTheMappingsValidatedTopicAtTheInputsQos() throws Exception {
        Exchange ex = checked("sensors/s1");

        OutputTopicProcessor.validated().process(ex);

        assertThat(ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC)).isEqualTo("sensors/s1/validated");
        assertThat(ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS)).isEqualTo(2);
    }

    @Test
    void shouldAddressAReportToTheFailedTopicMarkedWhenTheInputWasRedelivered() throws Exception {
        Exchange ex = checked("sensors/s1");
        ex.getMessage().setHeader(ContractValidationProcessor.REDELIVERED_HEADER, true);

        OutputTopicProcessor.failed().process(ex);

        assertThat(ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC)).isEqualTo("alerts/sensors/s1");
        MqttProperties props = ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class);
        assertThat(props.getUserProperties()).anyMatch(p -> p.getKey().equals(OutputProperties.REDELIVERED));
    }

    @Test
    void shouldNotLetAPublisherForgeTheGatewaysOwnMarkersOnEitherOutput() throws Exception {
        for (OutputTopicProcessor step : new OutputTopicProcessor[] {OutputTopicProcessor.validated(), OutputTopicProcessor.failed()}) {
            Exchange ex = checked("sensors/s1");
            MqttProperties in = new MqttProperties();
            in.setUserProperties(java.util.List.of(new UserProperty("site", "a"),
                    new UserProperty("redelivered", "true"), new UserProperty("Contract-Version", "sha256:forged000000"),
                    new UserProperty("redriven-at", "2026-01-01T00:00:00Z"),
                    new UserProperty("original-received-at", "2026-01-01T00:00:00Z"), new UserProperty("site", "b")));
            ex.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, in);

            step.process(ex);

            MqttProperties out = ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class);
            assertThat(out.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                    .containsExactly(tuple("site", "a"), tuple("site", "b"));
        }
    }

    @Test
    void shouldMarkARedeliveredInputOnceEvenWhenThePublisherSentTheMarkerToo() throws Exception {
        Exchange ex = checked("sensors/s1");
        MqttProperties in = new MqttProperties();
        in.setUserProperties(java.util.List.of(new UserProperty("redelivered", "false")));
        ex.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, in);
        ex.getMessage().setHeader(ContractValidationProcessor.REDELIVERED_HEADER, true);

        OutputTopicProcessor.validated().process(ex);

        MqttProperties out = ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class);
        assertThat(out.getUserProperties()).extracting(UserProperty::getKey, UserProperty::getValue)
                .containsExactly(tuple(OutputProperties.REDELIVERED, "true"));
    }

    @Test
    void shouldCopyAtMost64KiBOfUserPropertiesAndSayHowManyWereLeftOut() throws Exception {
        java.util.List<UserProperty> many = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            many.add(new UserProperty("k" + i, "v".repeat(200))); // ~1 MB: fits the embedded broker's packet limit
        }
        for (OutputTopicProcessor step : new OutputTopicProcessor[] {OutputTopicProcessor.validated(), OutputTopicProcessor.failed()}) {
            Exchange ex = checked("sensors/s1");
            MqttProperties in = new MqttProperties();
            in.setUserProperties(many);
            ex.getMessage().setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, in);

            step.process(ex);

            java.util.List<UserProperty> out = ex.getMessage()
                    .getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class).getUserProperties();
            int kept = out.size() - 1;
            assertThat(out.subList(0, kept)).isEqualTo(many.subList(0, kept));
            assertThat(out.subList(0, kept).stream().mapToInt(u -> u.getKey().length() + u.getValue().length()).sum())
                    .isLessThanOrEqualTo(OutputProperties.MAX_USER_PROPERTY_CHARS);
            assertThat(out.get(kept).getKey()).isEqualTo(OutputProperties.USER_PROPERTIES_DROPPED);
            assertThat(out.get(kept).getValue()).isEqualTo(Integer.toString(5_000 - kept));
        }
    }

    @Test
    void shouldRefuseAsUndeliverableAnOutputTopicLongerThanMqttAllows() throws Exception {
        String level = "é".repeat(32_760); // 65,520 bytes: a topic the broker takes, its /validated is too long
        Exchange ex = checked("sensors/" + level);

        assertThatThrownBy(() -> OutputTopicProcessor.validated().process(ex))
                .isInstanceOf(io.contractgate.mqtt.UndeliverableOutputException.class)
                .hasMessageContaining("65538 bytes");
        assertThat(ex.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC)).isNull();

        Exchange fits = checked("s/" + "é".repeat(32_000));
        OutputTopicProcessor.validated().process(fits);
        assertThat(fits.getMessage().getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, String.class)).endsWith("/validated");
    }

    @Test
    void shouldLeaveAMessageThatDidNotComeFromAMappingRouteAlone() throws Exception {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());

        OutputTopicProcessor.validated().process(ex);

        assertThat(ex.getMessage().getHeaders()).isEmpty();
    }
}
