package io.contractgate.mqtt;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Endpoint;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * A {@code paho-mqtt5:} endpoint with the gateway's delivery guarantee: its consumer is an
 * {@link AtLeastOnceConsumer}, its producer an {@link AsyncPublishProducer}. URI and options are camel-paho-mqtt5's.
 */
public final class GatewayPahoEndpoint extends PahoMqtt5Endpoint {

    GatewayPahoEndpoint(String uri, String topic, GatewayPahoComponent component, PahoMqtt5Configuration configuration) {
        super(uri, topic, component, configuration);
    }

    @Override
    public GatewayPahoComponent getComponent() {
        return (GatewayPahoComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new AsyncPublishProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        AtLeastOnceConsumer consumer = new AtLeastOnceConsumer(this, processor, getComponent().stats(),
                getComponent().scheduler());
        configureConsumer(consumer);
        return consumer;
    }

    /** camel-paho-mqtt5's connection options from this endpoint's configuration, plus reconnect backoff. */
    MqttConnectionOptions connectionOptions() {
        MqttConnectionOptions o = createMqttConnectionOptions();
        o.setAutomaticReconnectDelay(1, Math.max(1, (int) (getConfiguration().getMaxReconnectDelay() / 1000)));
        return o;
    }
}
