package io.contractgate.pipeline;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.MappingParameters;
import io.contractgate.mqtt.OutputProperties;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Camel adapter (the {@code topic-validated} / {@code topic-failed} steps of routes/publish-*.camel.yaml): addresses
 * the output the next step publishes. The topic is the mapping's validated or failed topic pattern, resolved against
 * the topic the message arrived on, from the parameters the contract check used; the QoS is the input's; the MQTT 5
 * properties are the input's (validated) or the report's, marked when the broker delivered the input before.
 */
public final class OutputTopicProcessor implements Processor {

    /** Registry names of the two steps. */
    public static final String VALIDATED_BEAN = "validatedTopic";
    public static final String FAILED_BEAN = "failedTopic";

    private final boolean validated;

    private OutputTopicProcessor(boolean validated) {
        this.validated = validated;
    }

    public static OutputTopicProcessor validated() {
        return new OutputTopicProcessor(true);
    }

    public static OutputTopicProcessor failed() {
        return new OutputTopicProcessor(false);
    }

    @Override
    public void process(Exchange exchange) {
        Object p = exchange.getProperty(ContractValidationProcessor.PARAMETERS_PROPERTY);
        if (!(p instanceof MappingParameters.Parameters parameters)) {
            return; // not from a mapping route: the endpoint's own topic applies
        }
        Message in = exchange.getMessage();
        String source = exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class);
        in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC,
                (validated ? parameters.validatedTopic() : parameters.failedTopic()).resolve(source));
        Integer qos = in.getHeader(PahoMqtt5Constants.MQTT_QOS, Integer.class);
        if (qos != null) {
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, qos); // republish at the incoming QoS
        }
        MqttProperties props = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class);
        MqttProperties out = validated ? OutputProperties.forValidated(props) : OutputProperties.forReport(props);
        if (in.getHeader(ContractValidationProcessor.REDELIVERED_HEADER) != null) {
            // the broker delivered this input before: the output may be a duplicate, and says so
            out = OutputProperties.markRedelivered(out);
        }
        in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, out);
    }
}
