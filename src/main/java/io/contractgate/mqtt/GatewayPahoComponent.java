package io.contractgate.mqtt;

import org.apache.camel.Endpoint;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Component;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Configuration;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * camel-paho-mqtt5 with the gateway's at-least-once transport, registered under the same scheme ({@code paho-mqtt5})
 * so routes keep the component's URIs and options. Extended through the component's public and protected API only.
 * Every producer publishes through the one shared {@link OutputClient} (swapped when the broker settings change).
 */
@org.apache.camel.spi.annotations.Component("paho-mqtt5") // so Camel finds camel-paho-mqtt5's option configurers
public final class GatewayPahoComponent extends PahoMqtt5Component {

    private final TransportStats stats = new TransportStats();
    private final InputWindow inputWindow = new InputWindow(InputWindow.DEFAULT_BYTES);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-redelivery");
        t.setDaemon(true);
        return t;
    });
    private volatile OutputClient outputClient;
    private volatile String sharedGroup = "";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        PahoMqtt5Configuration configuration = getConfiguration().copy();
        GatewayPahoEndpoint endpoint = new GatewayPahoEndpoint(uri, remaining, this, configuration);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /**
     * Component-level MQTT settings shared by every consumer and producer; client ids stay per endpoint. Called at
     * start and on a broker change, before the MQTT routes are recreated (endpoints copy these when created).
     */
    public void configure(BrokerSettings broker, String url) {
        PahoMqtt5Configuration c = getConfiguration();
        c.setBrokerUrl(url);
        c.setUserName(broker.username());
        c.setPassword(broker.password());
        c.setQos(broker.qos());
        c.setCleanStart(broker.cleanStart());
        c.setSessionExpiryInterval(broker.sessionExpiry());
        c.setKeepAliveInterval(broker.keepAlive());
        c.setAutomaticReconnect(true);
        c.setMaxReconnectDelay(5000);
        c.setManualAcksEnabled(true); // see AtLeastOnceConsumer: acknowledged after the output was
        c.setSocketFactory(broker.socketFactory());
        sharedGroup = broker.sharedGroup();
    }

    /** The group every mapping input shares its subscription in ({@code mqtt.shared-group}); empty: none. */
    public String sharedGroup() {
        return sharedGroup;
    }

    private final Object brokerLock = new Object();
    private Runnable beforeFirstConnection;
    private RuntimeException brokerFailure;

    /**
     * A step every MQTT client of the gateway waits for before its first connection, run once by the first of them:
     * at start, joining the embedded broker that starts in the background and connecting the output client. So the
     * broker's start overlaps the rest of the wiring and the route loading, and no input or output connects before
     * the broker accepts connections.
     */
    public void beforeFirstConnection(Runnable step) {
        synchronized (brokerLock) {
            beforeFirstConnection = step;
            brokerFailure = null;
        }
    }

    /** Runs the {@link #beforeFirstConnection} step if it has not run; its failure is every caller's failure. */
    public void awaitBroker() {
        synchronized (brokerLock) {
            if (brokerFailure != null) {
                throw brokerFailure;
            }
            Runnable step = beforeFirstConnection;
            if (step == null) {
                return;
            }
            try {
                step.run();
                beforeFirstConnection = null;
            } catch (RuntimeException e) {
                brokerFailure = e;
                throw e;
            }
        }
    }

    public OutputClient outputClient() {
        return outputClient;
    }

    /** The output client every producer uses from the next message on. */
    public void setOutputClient(OutputClient outputClient) {
        this.outputClient = outputClient;
    }

    /** The payload bytes all inputs together may hold in flight. */
    public InputWindow inputWindow() {
        return inputWindow;
    }

    public TransportStats stats() {
        return stats;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    protected void doStop() throws Exception {
        scheduler.shutdownNow();
        super.doStop();
    }
}
