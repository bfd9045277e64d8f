package io.contractgate.mqtt;

import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.function.Function;

/**
 * The broker connection settings (the {@code mqtt.*} keys), validated at start with errors naming the key at fault.
 */
public record BrokerSettings(String url, String username, String password, int qos, boolean cleanStart,
                             long sessionExpiry, int keepAlive, boolean tcpNoDelay, String clientIdPrefix,
                             String trustStore, String trustStorePassword, String keyStore, String keyStorePassword) {

    /** Reads and checks the settings; {@code get} returns null or "" for an unset key. */
    public static BrokerSettings from(Function<String, String> get) {
        String url = trim(get.apply("mqtt.broker.url"));
        if (!url.isEmpty() && !url.matches("(tcp|ssl|ws|wss)://[^\\s/]+(:\\d+)?/?.*")) {
            throw new IllegalArgumentException("mqtt.broker.url must look like tcp://host:1883 or ssl://host:8883, was '" + url + "'");
        }
        int qos = integer(get, "mqtt.qos", 1);
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("mqtt.qos must be 0, 1 or 2, was " + qos);
        }
        String clientId = trim(get.apply("mqtt.client-id"));
        if (clientId.isEmpty()) {
            clientId = "contract-gateway";
        }
        if (!clientId.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("mqtt.client-id must be 1-40 letters, digits, '_', '.' or '-', was '" + clientId + "'");
        }
        return new BrokerSettings(url, emptyToNull(get.apply("mqtt.username")), emptyToNull(get.apply("mqtt.password")),
                qos, bool(get, "mqtt.clean-start", false), sessionExpiry(get),
                integer(get, "mqtt.keep-alive", 60), bool(get, "mqtt.tcp-nodelay", true), clientId,
                emptyToNull(get.apply("mqtt.tls.trust-store")), emptyToNull(get.apply("mqtt.tls.trust-store-password")),
                emptyToNull(get.apply("mqtt.tls.key-store")), emptyToNull(get.apply("mqtt.tls.key-store-password")));
    }

    /** Default session expiry (s): a gateway away for up to a day finds its unacknowledged and queued inputs. */
    public static final int DEFAULT_SESSION_EXPIRY = 86_400;

    private static int sessionExpiry(Function<String, String> get) {
        int v = integer(get, "mqtt.session-expiry", DEFAULT_SESSION_EXPIRY);
        if (v < 0) {
            throw new IllegalArgumentException("mqtt.session-expiry must be >= 0 seconds, was " + v);
        }
        return v;
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

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static int integer(Function<String, String> get, String key, int dflt) {
        String v = trim(get.apply(key));
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, was '" + v + "'");
        }
    }

    private static boolean bool(Function<String, String> get, String key, boolean dflt) {
        String v = trim(get.apply(key));
        if (v.isEmpty()) {
            return dflt;
        }
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }

    /** The same settings with secrets replaced, for logs and the status API. */
    public String describe() {
        return url + (username != null ? " as " + username : "") + " qos=" + qos + (tls() ? " tls" : "");
    }
}
