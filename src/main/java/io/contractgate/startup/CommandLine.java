package io.contractgate.startup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's command line: {@code --simulate} and {@code --key=value} (any setting). Anything else is a mistake
 * named in one line (a typo such as {@code --simulat} used to print camel-main's runner options and exit 0);
 * {@code --help} and {@code -h} ask for the usage.
 *
 * @param overrides the settings the arguments give, in order (a later one wins)
 * @param help      the usage was asked for
 * @param problem   the first argument that is neither form, as a sentence; null when all are fine
 */
public record CommandLine(Map<String, String> overrides, boolean help, String problem) {

    public static final String USAGE = """
            usage: java -jar contract-gateway.jar [--simulate] [--<setting>=<value>]...
                   java -jar contract-gateway.jar publish [--broker URL] [--qos 0|1|2] [--user-property KEY=VALUE]...
                                                          [--wait SECONDS] TOPIC PAYLOAD|@FILE   (publish --help: more)
              --simulate           publish simulated sensor traffic (simulator.enabled=true)
              --<setting>=<value>  any key of application.properties, e.g. --mqtt.broker.url=tcp://host:1883,
                                   --camel.server.port=8001 (README, "Configuration")""";

    public static CommandLine parse(String... args) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String a : args) {
            if ("--help".equals(a) || "-h".equals(a)) {
                return new CommandLine(Map.of(), true, null);
            } else if ("--simulate".equals(a)) {
                overrides.put("simulator.enabled", "true");
            } else if (a.startsWith("--") && a.indexOf('=') > 2) {
                // --key=value overrides any property, e.g. --mqtt.broker.url=tcp://broker:1883
                overrides.remove(a.substring(2, a.indexOf('=')));
                overrides.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                String hint = a.startsWith("--") ? " (a setting is --key=value, with '=')" : "";
                return new CommandLine(Map.of(), false, "unknown argument '" + a + "'" + hint);
            }
        }
        return new CommandLine(Collections.unmodifiableMap(overrides), false, null);
    }
}
