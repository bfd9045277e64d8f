package io.contractgate.metrics;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Producer;
import org.apache.camel.support.LifecycleStrategySupport;
import org.eclipse.paho.mqttv5.client.MqttClient;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps track of every paho-mqtt5 consumer and producer the context creates (routes may be added, restarted or
 * re-pointed at runtime) so the broker gauge can ask each client whether it is connected.
 */
public class PahoClientTracker extends LifecycleStrategySupport {

    private final Set<Service> services = ConcurrentHashMap.newKeySet();

    @Override
    public void onServiceAdd(CamelContext context, Service service, Route route) {
        if (service instanceof PahoMqtt5Consumer || service instanceof PahoMqtt5Producer) {
            services.add(service);
        }
    }

    @Override
    public void onServiceRemove(CamelContext context, Service service, Route route) {
        services.remove(service);
    }

    /** True when at least one MQTT client exists and every started one is connected. */
    public boolean allConnected() {
        int started = 0;
        for (Service s : services) {
            MqttClient client = s instanceof PahoMqtt5Consumer c ? c.getClient() : ((PahoMqtt5Producer) s).getClient();
            boolean running = s instanceof org.apache.camel.StatefulService st && st.isStarted();
            if (!running) {
                continue; // a stopped route (disabled mapping) is not a broker problem
            }
            started++;
            if (client == null || !client.isConnected()) {
                return false;
            }
        }
        return started > 0;
    }
}
