package io.contractgate.mqtt;

import io.contractgate.settings.Settings;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.function.Function;

/**
 * The broker connection settings (the {@code mqtt.*} keys), validated at start with errors naming the key at fault.
 */
public record BrokerSettings(String url, String username, String password, int qos, boolean cleanStart,
                             long sessionExpiry, int keepAlive, boolean tcpNoDelay, String clientIdPrefix,
                             String trustStore, String trustStorePassword, String keyStore, String keyStorePassword,
                             String sharedGroup) {

    /** Registry name of the broker settings in force at start. */
    public static final String BEAN = "brokerSettings";

    /** Reads and checks the settings; {@code get} returns null or "" for an unset key. */
    public static BrokerSettings from(Function<String, String> source) {
        return from(source, System::getenv);
    }

    /**
     * Reads and checks the settings; {@code env} is the process environment, where a fleet member's instance id
     * comes from ({@link SharedSubscription#instancePrefix}).
     */
    public static BrokerSettings from(Function<String, String> source, Function<String, String> env) {
        Settings get = Settings.of(source);
        String url = get.text("mqtt.broker.url", "");
        int scheme = url.indexOf("://");
        String authority = scheme < 0 ? url : url.substring(scheme + 3).split("[/?#]", 2)[0];
        if (authority.contains("@")) {
            // the client does not log in with it, and the URL is shown (status, audit, JMX): never echo it
            throw new IllegalArgumentException("mqtt.broker.url must not carry a user name or password (user:password@);"
                    + " set mqtt.username and mqtt.password (or MQTT_PASSWORD_FILE) instead");
        }
        if (!url.isEmpty() && (!url.matches("(tcp|ssl|ws|wss)://[^\\s/]+(:\\d+)?/?.*") || !openable(url))) {
            throw new IllegalArgumentException("mqtt.broker.url must look like tcp://host:1883 or ssl://host:8883 (a host"
                    + " name without '_', a port from 1 to 65535, a path only for ws:// and wss://), was '" + shown(url) + "'");
        }
        int qos = get.integer("mqtt.qos", 1, 0, 2);
        String configuredId = get.text("mqtt.client-id", SharedSubscription.DEFAULT_CLIENT_ID);
        if (!configuredId.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("mqtt.client-id must be 1-40 letters, digits, '_', '.' or '-', was '" + configuredId + "'");
        }
        String group = SharedSubscription.group(get.text(SharedSubscription.GROUP_KEY, ""));
        String clientId = SharedSubscription.instancePrefix(configuredId, group, env);
        return new BrokerSettings(url, get.optional("mqtt.username"), get.optional("mqtt.password"),
                qos, get.bool("mqtt.clean-start", false), get.atLeast("mqtt.session-expiry", DEFAULT_SESSION_EXPIRY, 0),
                get.integer("mqtt.keep-alive", 60, 0, 65_535), get.bool("mqtt.tcp-nodelay", true), clientId,
                get.optional("mqtt.tls.trust-store"), get.optional("mqtt.tls.trust-store-password"),
                get.optional("mqtt.tls.key-store"), get.optional("mqtt.tls.key-store-password"), group);
    }

    /** True when the mappings share their subscriptions with the other members of {@link #sharedGroup}. */
    public boolean shared() {
        return !sharedGroup.isEmpty();
    }

    /** Default session expiry (s): a gateway away for up to a day finds its unacknowledged and queued inputs. */
    public static final int DEFAULT_SESSION_EXPIRY = 86_400;

    /** The same settings for another broker URL (a tool told where to connect). */
    public BrokerSettings withUrl(String otherUrl) {
        return new BrokerSettings(otherUrl, username, password, qos, cleanStart, sessionExpiry, keepAlive, tcpNoDelay,
                clientIdPrefix, trustStore, trustStorePassword, keyStore, keyStorePassword, sharedGroup);
    }

    public boolean embedded() {
        return url.isEmpty();
    }

    public boolean tls() {
        return url.startsWith("ssl://") || url.startsWith("wss://");
    }

    /** The socket factory for the clients: TLS when the URL asks for it, buffered reads, Nagle off when configured. */
    public SocketFactory socketFactory() {
        if (tls()) {
            // Paho accepts only an SSLSocketFactory for ssl:// URLs
            SSLSocketFactory ssl = sslContext().getSocketFactory();
            return tcpNoDelay ? new NoDelaySslSocketFactory(ssl) : ssl;
        }
        return new PlainSocketFactory(tcpNoDelay);
    }

    private SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = null;
            if (trustStore != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(load(trustStore, trustStorePassword, "mqtt.tls.trust-store"));
            }
            KeyManagerFactory kmf = null;
            if (keyStore != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] pw = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
                kmf.init(load(keyStore, keyStorePassword, "mqtt.tls.key-store"), pw);
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("TLS settings (mqtt.tls.*) are unusable: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String path, String password, String key) throws Exception {
        Path p = Path.of(path);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException(key + " names a file that cannot be read: " + path);
        }
        KeyStore ks = KeyStore.getInstance(path.endsWith(".jks") ? "JKS" : "PKCS12");
        try (InputStream in = Files.newInputStream(p)) {
            ks.load(in, password == null ? null : password.toCharArray());
        }
        return ks;
    }

    /** The same settings with secrets replaced, for logs and the status API. */
    public String describe() {
        // an empty URL is the embedded broker: /api/status said " qos=1" with nothing in front
        return (embedded() ? "the embedded broker" : shown(url)) + (username != null ? " as " + username : "") + " qos=" + qos
                + (tls() ? " tls" : "")
                + (shared() ? " shared-group=" + sharedGroup + " client-id=" + clientIdPrefix : "");
    }

    /**
     * Whether the MQTT client can open the URL. Paho's own check threw where the admin API did not expect it (a bracket
     * left open), or reached into {@code java.net.URI} by reflection, which Java 17 refuses (port 0 or over 65535, a
     * host name that is not one, such as {@code my_broker}).
     */
    private static boolean openable(String url) {
        try {
            URI u = new URI(url);
            boolean socket = url.startsWith("tcp://") || url.startsWith("ssl://");
            return u.getHost() != null && (u.getPort() == -1 || u.getPort() >= 1 && u.getPort() <= 65_535)
                    && (!socket || u.getRawPath() == null || u.getRawPath().isEmpty());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** A broker URL as logs, the audit log and error messages show it: without its query (signed URLs carry tokens there). */
    public static String shown(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }
}
