package io.contractgate.metrics;

import io.contractgate.mqtt.AtLeastOnceConsumer;
import io.contractgate.mqtt.OutputClient;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tracks the gateway's MQTT inputs as Camel adds and removes them, so the broker-connected gauge can tell whether every
 * running input and the output client are connected.
 */
public class PahoClientTracker extends LifecycleStrategySupport {

    private final Set<AtLeastOnceConsumer> inputs = ConcurrentHashMap.newKeySet();
    private final Supplier<OutputClient> output;

    public PahoClientTracker(Supplier<OutputClient> output) {
        this.output = output;
    }

    @Override
    public void onServiceAdd(CamelContext context, Service service, Route route) {
        if (service instanceof AtLeastOnceConsumer c) {
            inputs.add(c);
        }
    }

    @Override
    public void onServiceRemove(CamelContext context, Service service, Route route) {
        inputs.remove(service);
    }

    /** True when the output client and every started input are connected (a stopped, i.e. disabled, input is not a broker problem). */
    public boolean allConnected() {
        return disconnected().isEmpty();
    }

    /** The clients not connected now: "output client" and "input of <route id>" for each started input; empty when all are. */
    public List<String> disconnected() {
        List<String> down = new ArrayList<>();
        OutputClient out = output.get();
        if (out == null || !out.isConnected()) {
            down.add("output client");
        }
        inputs.stream().filter(c -> c.isStarted() && !c.isConnected()).map(c -> "input of " + c.getRouteId())
                .sorted().forEach(down::add);
        return down;
    }
}
