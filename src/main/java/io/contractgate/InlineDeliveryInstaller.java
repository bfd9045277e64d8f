package io.contractgate;

import io.contractgate.mqtt.InlineDelivery;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.Service;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Consumer;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Camel adapter: once a mapping route's MQTT consumer has started (connected, subscribed, its callback set), switches
 * its client to inline delivery ({@link InlineDelivery}). Every start of a route makes a new client, so this runs again
 * after each reload, enable or broker change.
 *
 * <p>Why a lifecycle strategy that then waits: Camel tells lifecycle strategies about a consumer just before it starts
 * it, and fires its route-started event before that too; nothing is called after the consumer's start, so the
 * consumer is checked every 20 ms until it is up (for at most a minute).
 */
final class InlineDeliveryInstaller extends LifecycleStrategySupport {

    private static final Logger LOG = LoggerFactory.getLogger(InlineDeliveryInstaller.class);
    private static final long POLL_MILLIS = 20;
    private static final long GIVE_UP_MILLIS = 60_000;

    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-inline-delivery");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void onServiceAdd(CamelContext context, Service service, Route route) {
        if (service instanceof PahoMqtt5Consumer consumer && route != null) {
            long deadline = System.currentTimeMillis() + GIVE_UP_MILLIS;
            poller.schedule(() -> installWhenStarted(consumer, route.getRouteId(), deadline), POLL_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void installWhenStarted(PahoMqtt5Consumer consumer, String routeId, long deadline) {
        // not up yet (or stopped again before it was): look again until the deadline
        if (!consumer.isStarted() || consumer.getClient() == null) {
            if (System.currentTimeMillis() < deadline) {
                poller.schedule(() -> installWhenStarted(consumer, routeId, deadline), POLL_MILLIS,
                        TimeUnit.MILLISECONDS);
            }
            return;
        }
        try {
            boolean inline = InlineDelivery.install(consumer.getClient(),
                    consumer.getEndpoint().getConfiguration().getSocketFactory());
            LOG.info("Route {}: messages handled on {}", routeId,
                    inline ? "Paho's receive thread" : "Paho's callback thread (TLS socket)");
        } catch (RuntimeException | LinkageError e) {
            // Paho's internals not as expected: the consumer keeps Paho's own delivery, which works, only slower
            LOG.warn("Route {}: inline MQTT delivery not installed ({}); using Paho's callback thread", routeId,
                    e.toString());
        }
    }

    @Override
    public void onContextStopped(CamelContext context) {
        poller.shutdownNow();
    }
}
