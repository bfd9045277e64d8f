package io.contractgate.mqtt;

import io.contractgate.startup.StartupProblem;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import javax.net.SocketFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The broker sessions behind the gateway's subscriptions: which client id holds a mapping's session, the connection
 * options every gateway client uses, and the two operations a topic change needs (open the new session before the
 * old route stops, end the old one after).
 *
 * <p>A session belongs to one subscription: its client id is {@code <prefix>-<mapping>-<8 hex of the filter's
 * SHA-256>}, so the same mapping and filter find their session again after a restart or a pause, and a new filter gets
 * a new session that can subscribe while the old route still runs (make before break). With a shared group
 * ({@code mqtt.shared-group}) the filter hashed is the one subscribed, {@code $share/<group>/<filter>}: a session that
 * held the plain subscription is never given the shared one too (it would get every message twice).
 */
public final class Sessions {

    private static final long WAIT_MILLIS = 10_000;

    private Sessions() {
    }

    /**
     * Fails, naming the client, the filter and the broker's reason, when the SUBACK of a completed subscribe refused it
     * (reason 0x80 or above, e.g. 0x87 not authorized by the broker's ACL): Paho completes such a token without an
     * error, so the input would run, be counted as connected and never receive a message, while the broker
     * acknowledges what publishers send to the filter and drops it (no subscriber).
     */
    public static void requireGranted(IMqttToken token, String clientId, String filter) {
        int[] codes = token.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            // a StartupProblem: at start the one line the gateway stops with (no stack trace), on a reload the answer
            throw new StartupProblem("the MQTT broker refused the subscription of input " + clientId + " to "
                    + filter + ": " + new MqttException(codes[0]).getMessage() + " (reason " + codes[0] + "); allow "
                    + "the gateway's MQTT user (mqtt.username) to subscribe to it in the broker's ACL, or disable the "
                    + "mapping", null);
        }
    }

    /** The client id holding the session of {@code filter}, shared in {@code group} (or not: empty), under {@code base}. */
    public static String clientId(String base, String filter, String group) {
        return clientId(base, SharedSubscription.filter(group, filter));
    }

    /** The client id holding the session of {@code filter} under the client id {@code base}. */
    public static String clientId(String base, String filter) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(filter.getBytes(StandardCharsets.UTF_8));
            return base + "-" + HexFormat.of().formatHex(h, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options shared by every gateway client: persistent session, reconnects, credentials, sockets. */
    public static MqttConnectionOptions options(BrokerSettings s, SocketFactory sockets) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 5);
        o.setKeepAliveInterval(s.keepAlive());
        o.setCleanStart(s.cleanStart());
        o.setSessionExpiryInterval((long) s.sessionExpiry());
        o.setSocketFactory(sockets);
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        if (s.password() != null) {
            o.setPassword(s.password().getBytes(StandardCharsets.UTF_8));
        }
        return o;
    }

    /**
     * Opens (or keeps) the session of {@code clientId} with a subscription to {@code filter} (shared in the settings'
     * group, when there is one) and leaves it, so the broker queues what matches until a consumer takes the session
     * over. Used before the route of a changed topic replaces the old one.
     */
    public static void prepare(String url, BrokerSettings s, String clientId, String filter, int qos)
            throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        try {
            MqttConnectionOptions o = options(s, s.socketFactory());
            o.setAutomaticReconnect(false);
            o.setCleanStart(false);
            c.connect(o).waitForCompletion(WAIT_MILLIS);
            MqttSubscription sub = new MqttSubscription(SharedSubscription.filter(s.sharedGroup(), filter), qos);
            sub.setRetainHandling(1); // retained messages only when the subscription is new
            IMqttToken granted = c.subscribe(new MqttSubscription[] {sub}, null, null, new MqttProperties());
            granted.waitForCompletion(WAIT_MILLIS);
            c.disconnect(WAIT_MILLIS).waitForCompletion(WAIT_MILLIS); // (close below refuses a connected client)
            requireGranted(granted, clientId, sub.getTopic());
        } finally {
            c.close(true);
        }
    }

    /** Ends the session of {@code clientId} at the broker (nothing more is queued for it). */
    public static void discard(String url, BrokerSettings s, String clientId) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(url, clientId, new MemoryPersistence());
        try {
            MqttConnectionOptions o = options(s, s.socketFactory());
            o.setAutomaticReconnect(false);
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            c.connect(o).waitForCompletion(WAIT_MILLIS);
            c.disconnect(WAIT_MILLIS).waitForCompletion(WAIT_MILLIS);
        } finally {
            c.close(true);
        }
    }
}
