package io.contractgate.pipeline;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.MappingParameters;
import io.contractgate.mqtt.OutputProperties;
import org.apache.camel.Exchange;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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
    void shouldLeaveAMessageThatDidNotComeFromAMappingRouteAlone() throws Exception {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());

        OutputTopicProcessor.validated().process(ex);

        assertThat(ex.getMessage().getHeaders()).isEmpty();
    }
}
