package io.contractgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contractgate.mqtt.ArrivalCallback;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The publish command: sends one payload (text, or {@code @file}) to a topic of the gateway's broker and waits for
 * the gateway's answer (the validated copy or the failure report, matched by MQTT 5 correlation data), so a manual
 * test needs no other tool and never reports success against a broker the gateway does not read. The broker comes
 * from the gateway's own settings ({@link PublishTarget}: application.properties, environment variables, saved
 * broker settings, {@code --key=value}) unless {@code --broker} names one. Success: one line on stdout, exit 0.
 * Failure: one line on stderr (no stack trace), exit 1; a wrong argument: exit 2.
 * <p>
 * {@code java -jar contract-gateway.jar publish [options] TOPIC PAYLOAD|@FILE}, or
 * {@code java -cp contract-gateway.jar io.contractgate.simulator.PublishOnce [options] TOPIC PAYLOAD|@FILE}.
 * <p>
 * Longer than ~250 lines on purpose: one exchange with the broker (connect, subscribe to the answers, publish, wait)
 * and a one-line explanation for each way it can fail, which must stay next to the step that fails; where to send is
 * {@link PublishTarget}.
 */
public final class PublishOnce {

    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final long ACK_TIMEOUT_MILLIS = 10_000;
    /** MQTT 5 PUBACK reason "No matching subscribers". */
    static final int NO_MATCHING_SUBSCRIBERS = 0x10;

    /** Paho logs through java.util.logging; kept referenced so the level sticks (loggers are weakly held). */
    private static final Logger PAHO_LOG = Logger.getLogger("org.eclipse.paho");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishOnce() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /** Runs the command; returns the exit code. {@code workDir} is the folder the gateway runs in. */
    public static int run(String[] args, Map<String, String> env, Path workDir, PrintStream out, PrintStream err) {
        PAHO_LOG.setLevel(Level.OFF); // its warnings would add lines and stack traces to the one line we print
        PublishArgs a;
        try {
            a = PublishArgs.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("publish: " + e.getMessage());
            return 2;
        }
        if (a.help()) {
            out.println(PublishArgs.USAGE);
            out.println("  default broker: the gateway's (mqtt.broker.url, else the embedded broker on "
                    + "mqtt.embedded.bind:mqtt.embedded.port), from application.properties, environment variables "
                    + "(MQTT_EMBEDDED_PORT, ...), config/broker.properties and --key=value, as the gateway reads them");
            return 0;
        }
        try {
            PublishTarget target = PublishTarget.of(a, env, workDir);
            byte[] payload = payload(a.payload(), workDir);
            return send(a, target, payload, out, err);
        } catch (RuntimeException e) {
            // a setting that does not parse, an unreadable file: one line naming it, as the gateway's start does
            err.println("publish: " + oneLine(e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    private static byte[] payload(String arg, Path workDir) {
        if (!arg.startsWith("@")) {
            return arg.getBytes(StandardCharsets.UTF_8);
        }
        Path file = workDir.resolve(arg.substring(1));
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the payload file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static int send(PublishArgs a, PublishTarget t, byte[] payload, PrintStream out, PrintStream err) {
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        CompletableFuture<String[]> answer = new CompletableFuture<>();
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(t.url(), "publish-" + ProcessHandle.current().pid() + "-"
                    + Integer.toHexString(nonce[0] & 0xff), new MemoryPersistence());
            client.setCallback(new Answers(nonce, answer));
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            o.setAutomaticReconnect(false);
            o.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
            o.setSocketFactory(t.broker().socketFactory());
            if (t.broker().username() != null) {
                o.setUserName(t.broker().username());
            }
            if (t.broker().password() != null) {
                o.setPassword(t.broker().password().getBytes(StandardCharsets.UTF_8));
            }
            client.connect(o).waitForCompletion(ACK_TIMEOUT_MILLIS + CONNECT_TIMEOUT_SECONDS * 1000L);
            boolean wait = a.waitSeconds() > 0 && !t.outputs().isEmpty();
            if (wait) {
                String[] filters = t.outputs().keySet().toArray(String[]::new);
                int[] qos = new int[filters.length];
                Arrays.fill(qos, 1);
                IMqttToken sub = client.subscribe(filters, qos);
                sub.waitForCompletion(ACK_TIMEOUT_MILLIS);
                int refused = firstError(sub.getReasonCodes());
                if (refused >= 0) {
                    err.println("publish: " + t.url() + " refused the subscription to the gateway's outputs "
                            + String.join(", ", filters) + " (reason " + refused + "); --wait 0 publishes without"
                            + " waiting for the answer");
                    return 1;
                }
            }
            MqttMessage m = new MqttMessage(payload);
            m.setQos(a.qos());
            MqttProperties props = new MqttProperties();
            props.setCorrelationData(nonce);
            props.setUserProperties(a.userProperties().stream().map(e -> new UserProperty(e.getKey(), e.getValue()))
                    .toList());
            m.setProperties(props);
            IMqttToken pub = client.publish(a.topic(), m);
            pub.waitForCompletion(ACK_TIMEOUT_MILLIS);
            int[] codes = pub.getReasonCodes();
            int refused = firstError(codes);
            if (refused >= 0) {
                err.println("publish: " + t.url() + " refused the message to " + a.topic() + " (reason " + refused
                        + (refused == 135 ? ", not authorized; check mqtt.username and mqtt.password" : "") + ")");
                return 1;
            }
            String sent = "published " + payload.length + " bytes to " + a.topic() + " on " + t.url() + " ("
                    + (a.qos() == 0 ? "QoS 0, sent without acknowledgement" : "QoS " + a.qos() + ", acknowledged")
                    + ")";
            boolean noSubscriber = a.qos() > 0 && codes != null && codes.length > 0
                    && codes[0] == NO_MATCHING_SUBSCRIBERS;
            if (noSubscriber && !t.outputs().isEmpty()) {
                err.println("publish: " + sent + " but the broker has no subscriber for " + a.topic()
                        + ": the gateway does not read this broker (broker from " + t.origin() + ")");
                return 1;
            }
            if (!t.outputs().isEmpty() && a.waitSeconds() == 0) {
                out.println(sent + "; not waiting for the gateway's answer (--wait 0)");
                return 0;
            }
            if (t.outputs().isEmpty()) {
                out.println(sent + "; " + t.noOutputs());
                return 0;
            }
            String[] got;
            try {
                got = answer.get(a.waitSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                err.println("publish: " + sent + " but no answer from the gateway on "
                        + String.join(" or ", t.outputs().keySet()) + " within " + a.waitSeconds() + " s: is the "
                        + "gateway running on this broker? (broker from " + t.origin() + ")");
                return 1;
            }
            String kind = t.outputs().getOrDefault(got[0], "validated");
            out.println(kind + ": " + sent + "; the gateway's " + ("failed".equals(kind)
                    ? "failure report arrived on " + got[0] + describeReport(got[1])
                    : "validated copy arrived on " + got[0]));
            return 0;
        } catch (MqttException e) {
            err.println("publish: " + explain(e, t));
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("publish: interrupted");
            return 1;
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("publish: " + oneLine(String.valueOf(e.getCause())));
            return 1;
        } finally {
            close(client);
        }
    }

    /** One line for a connection or publish failure, naming the broker and where its address came from. */
    static String explain(MqttException e, PublishTarget t) {
        String where = t.url() + " (broker from " + t.origin() + ")";
        Throwable cause = e.getCause();
        return switch (e.getReasonCode()) {
            case MqttClientException.REASON_CODE_SERVER_CONNECT_ERROR -> "cannot connect to " + where + ": "
                    + (cause == null ? e.getMessage() : oneLine(String.valueOf(cause.getMessage())))
                    + (t.embedded() ? "; is the gateway running? Started with --mqtt.embedded.port=N, pass the same "
                    + "to publish" : "; is the broker running and reachable?");
            case MqttClientException.REASON_CODE_CLIENT_TIMEOUT -> "timed out: no answer from " + where + " within "
                    + (ACK_TIMEOUT_MILLIS / 1000) + " s";
            case 134, 135 -> where + " says not authorized (reason " + e.getReasonCode()
                    + "); check mqtt.username and mqtt.password";
            default -> where + ": " + oneLine(e.getMessage()) + " (reason " + e.getReasonCode()
                    + (cause != null ? ", " + oneLine(String.valueOf(cause.getMessage())) : "") + ")"
                    + (t.broker().tls() ? "; check mqtt.tls.* and the broker's certificate" : "");
        };
    }

    private static String describeReport(String report) {
        try {
            JsonNode r = JSON.readTree(report);
            if (r.hasNonNull("primary_error")) {
                return ": " + r.path("primary_error").asText() + " (" + r.path("error_count").asInt() + " error"
                        + (r.path("error_count").asInt() == 1 ? "" : "s") + ")";
            }
        } catch (IOException ignored) {
            // not the gateway's report format: the topic says enough
        }
        return "";
    }

    private static int firstError(int[] codes) {
        if (codes != null) {
            for (int c : codes) {
                if (c >= 0x80) {
                    return c;
                }
            }
        }
        return -1;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    private static void close(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
        } catch (MqttException ignored) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing left to release
        }
    }

    /** Completes with {topic, payload} of the first message carrying our correlation data. */
    private record Answers(byte[] nonce, CompletableFuture<String[]> answer) implements ArrivalCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            MqttProperties p = message.getProperties();
            if (p != null && Arrays.equals(nonce, p.getCorrelationData())) {
                answer.complete(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
            }
        }
    }
}
