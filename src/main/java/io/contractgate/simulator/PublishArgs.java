package io.contractgate.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of the publish command, parsed and checked: {@code [options] TOPIC PAYLOAD|@FILE}. Plain Java; a
 * mistake is an {@link IllegalArgumentException} whose message is the one line to print.
 *
 * @param broker         {@code --broker URL}, or null: the gateway's own broker (its settings)
 * @param qos            {@code --qos 0|1|2}
 * @param userProperties {@code --user-property k=v}, repeatable, in order (MQTT 5 allows a key twice)
 * @param waitSeconds    {@code --wait S}: how long to wait for the gateway's output; 0 does not wait
 * @param overrides      {@code --key=value} gateway settings, as the gateway takes them
 */
public record PublishArgs(String topic, String payload, String broker, int qos, List<Map.Entry<String, String>> userProperties,
                          int waitSeconds, Map<String, String> overrides, boolean help) {

    public static final int DEFAULT_QOS = 1;
    public static final int DEFAULT_WAIT_SECONDS = 10;

    public static final String USAGE = "usage: publish [--broker URL] [--qos 0|1|2] [--user-property KEY=VALUE]... "
            + "[--wait SECONDS] [--<gateway setting>=VALUE]... TOPIC PAYLOAD|@FILE";

    /** Parses {@code args}; throws with one line naming the argument at fault. */
    public static PublishArgs parse(String... args) {
        String broker = null;
        int qos = DEFAULT_QOS;
        int wait = DEFAULT_WAIT_SECONDS;
        List<Map.Entry<String, String>> props = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        boolean optionsEnd = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (optionsEnd || !a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            if (a.equals("--")) {
                optionsEnd = true;
                continue;
            }
            if (a.equals("--help")) {
                return new PublishArgs(null, null, null, qos, List.of(), wait, Map.of(), true);
            }
            int eq = a.indexOf('=');
            String name = eq < 0 ? a.substring(2) : a.substring(2, eq);
            String value;
            switch (name) {
                case "broker", "qos", "user-property", "wait" -> {
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException("--" + name + " needs a value; " + USAGE);
                    }
                }
                default -> {
                    if (eq < 0 || !name.contains(".")) {
                        throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
                    }
                    overrides.put(name, a.substring(eq + 1));
                    continue;
                }
            }
            switch (name) {
                case "broker" -> broker = checkUrl(value);
                case "qos" -> qos = number("--qos", value, 0, 2);
                case "wait" -> wait = number("--wait", value, 0, 3600);
                default -> props.add(userProperty(value));
            }
        }
        if (positional.size() == 3 && broker == null) {
            broker = checkUrl(positional.remove(2)); // the old form: TOPIC PAYLOAD BROKER_URL
        }
        if (positional.size() != 2) {
            throw new IllegalArgumentException((positional.size() < 2 ? "TOPIC and PAYLOAD are required"
                    : "too many arguments: " + String.join(" ", positional.subList(2, positional.size()))) + "; "
                    + USAGE);
        }
        String topic = positional.get(0);
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("TOPIC must be a concrete topic (no + or #), was '" + topic + "'");
        }
        return new PublishArgs(topic, positional.get(1), broker, qos, List.copyOf(props), wait, overrides, false);
    }

    private static String checkUrl(String url) {
        if (!url.matches("(tcp|ssl|ws|wss)://[^\\s/]+(:\\d+)?/?.*")) {
            throw new IllegalArgumentException("--broker must look like tcp://host:1883 or ssl://host:8883, was '"
                    + url + "'");
        }
        return url;
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", was '"
                + value + "'");
    }

    private static Map.Entry<String, String> userProperty(String value) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--user-property must be KEY=VALUE with a non-empty key, was '" + value
                    + "'");
        }
        return Map.entry(value.substring(0, eq), value.substring(eq + 1));
    }
}
