package io.contractgate.pipeline;

import io.contractgate.contract.ContractValidationProcessor;
import io.contractgate.contract.MappingParameters;
import io.contractgate.mqtt.OutputProperties;
import io.contractgate.mqtt.TopicPattern;
import io.contractgate.mqtt.UndeliverableOutputException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Camel adapter (the {@code topic-validated} / {@code topic-failed} steps of routes/publish-*.camel.yaml): addresses
 * the output the next step publishes. The topic is the mapping's validated or failed topic pattern, resolved against
 * the topic the message arrived on, from the parameters the contract check used; the QoS is the input's; the MQTT 5
 * properties are the input's (validated) or the report's, marked when the broker delivered the input before. An output
 * topic MQTT cannot carry fails the exchange with {@link UndeliverableOutputException} (its input is acknowledged).
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
    public void process(Exchange exchange) throws UndeliverableOutputException {
        Object p = exchange.getProperty(ContractValidationProcessor.PARAMETERS_PROPERTY);
        if (!(p instanceof MappingParameters.Parameters parameters)) {
            return; // not from a mapping route: the endpoint's own topic applies
        }
        Message in = exchange.getMessage();
        String source = exchange.getProperty(ContractValidationProcessor.SOURCE_TOPIC_PROPERTY, String.class);
        String topic = (validated ? parameters.validatedTopic() : parameters.failedTopic()).resolve(source);
        if (!TopicPattern.fits(topic)) {
            throw new UndeliverableOutputException("output topic of " + (validated ? "the validated copy" : "the report")
                    + " would be " + topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + " bytes, longer than MQTT's " + TopicPattern.MAX_TOPIC_BYTES + " (input topic starting "
                    + source.substring(0, Math.min(60, source.length())) + "…)");
        }
        in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, topic);
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
