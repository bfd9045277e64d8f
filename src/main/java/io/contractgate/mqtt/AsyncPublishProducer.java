package io.contractgate.mqtt;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.apache.camel.support.DefaultAsyncProducer;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The {@code paho-mqtt5:} producer of the gateway: publishes through the shared {@link OutputClient} and completes the
 * exchange when the broker has acknowledged the message (at QoS 0: once it is queued for the socket), asynchronously, so the
 * route stays pipelined and the input is acknowledged only after its output (see {@link AtLeastOnceConsumer}). A
 * failed publish becomes the exchange's exception, which the route's error handler counts.
 *
 * <p>Reads the same headers as camel-paho-mqtt5's own producer: {@code CamelPahoOverrideTopic},
 * {@code CamelPahoMsgQos}, {@code CamelPahoMsgRetained}, {@code CamelPahoMsgProperties}.
 */
public final class AsyncPublishProducer extends DefaultAsyncProducer {

    private final GatewayPahoEndpoint endpoint;

    AsyncPublishProducer(GatewayPahoEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        endpoint.getComponent().awaitBroker(); // at start: the output client is connected before the first message
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        OutputClient out = endpoint.getComponent().outputClient();
        if (out == null) {
            exchange.setException(new IllegalStateException("no MQTT output client is connected"));
            callback.done(true);
            return true;
        }
        Message in = exchange.getMessage();
        String topic = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, endpoint.getTopic(), String.class);
        Integer qos = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, Integer.class);
        Boolean retained = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_RETAINED, Boolean.class);
        MqttMessage message = new MqttMessage(in.getBody(byte[].class));
        message.setQos(qos != null ? qos : endpoint.getConfiguration().getQos());
        message.setRetained(retained != null ? retained : endpoint.getConfiguration().isRetained());
        message.setProperties(in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class));
        if (message.getQos() == 0) {
            // at most once: done when queued for the socket, on this thread
            try {
                out.publishAtMostOnce(topic, message);
            } catch (MqttException | RuntimeException e) {
                exchange.setException(new OutputFailedException(topic, e));
            }
            callback.done(true);
            return true;
        }
        out.publish(topic, message, failure -> {
            if (failure != null) {
                exchange.setException(new OutputFailedException(topic, failure));
            }
            callback.done(false);
        });
        return false;
    }

    /** An output the broker did not take: the input it came from stays unacknowledged. */
    public static final class OutputFailedException extends Exception {
        OutputFailedException(String topic, Throwable cause) {
            super("publish to " + topic + " failed: " + cause.getMessage(), cause);
        }
    }
}
