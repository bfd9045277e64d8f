package io.contractgate;

import io.contractgate.settings.GatewayProperties;
import io.contractgate.settings.SecretFiles;
import io.contractgate.simulator.PublishOnce;
import io.contractgate.startup.CommandLine;
import io.contractgate.startup.KnownSettings;
import io.contractgate.startup.StartupProblem;
import io.contractgate.admin.AdminConfiguration;
import io.contractgate.breaker.BreakerConfiguration;
import io.contractgate.fleet.FleetConfiguration;
import io.contractgate.http.LimitedHttpServerFactory;
import io.contractgate.influx.InfluxConfiguration;
import io.contractgate.quarantine.QuarantineConfiguration;
import io.contractgate.web.WebConfiguration;
import io.contractgate.metrics.MetricsConfiguration;
import org.apache.camel.main.Main;

import java.nio.file.Path;
import java.util.List;

/**
 * Starts the gateway: camel-main with the routes in {@code routes/}, configured by {@code application.properties}.
 * Flags: {@code --simulate} turns the sensor simulator on; {@code --key=value} overrides a property. The subcommand
 * {@code publish} sends one message instead ({@link PublishOnce}).
 */
public final class GatewayMain {

    private GatewayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "publish".equals(args[0])) {
            // java -jar contract-gateway.jar publish [options] TOPIC PAYLOAD: one message to the gateway's broker
            PublishOnce.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        CommandLine line = CommandLine.parse(args);
        if (line.help()) {
            System.out.println(CommandLine.USAGE);
            return;
        }
        if (line.problem() != null) {
            System.err.println("contract-gateway: " + line.problem() + "\n" + CommandLine.USAGE);
            System.exit(2);
        }
        // a misspelt setting of the gateway's own (--mqtt.brokerurl) would otherwise be ignored without a word
        String unknown = KnownSettings.shipped().problem(line.overrides(), System.getenv(),
                GatewayProperties.keys(Path.of("application.properties")));
        if (unknown != null) {
            System.err.println("contract-gateway did not start: " + unknown);
            System.exit(1);
        }
        Main main = new Main();
        line.overrides().forEach(main::addOverrideProperty);
        // camel-main applies CAMEL_SERVER_HOST to its HTTP server but not CAMEL_SERVER_PORT, which only placeholders
        // ({{camel.server.port}}: the management port, the start-up checks) would see: the server would stay on
        // application.properties' port beside a second one. Both as overrides, unless a --flag sets them
        for (String key : List.of("camel.server.port", "camel.server.host")) {
            String fromEnv = System.getenv(GatewayProperties.envName(key));
            if (fromEnv != null && !fromEnv.isBlank() && !line.overrides().containsKey(key)) {
                main.addOverrideProperty(key, fromEnv.trim());
            }
        }
        configure(main);
        try {
            main.run(new String[0]);
        } catch (Throwable t) {
            // always exit: the embedded broker's threads (started early, in the background) would otherwise keep the
            // JVM alive after a failed start, and HiveMQ's uncaught-exception handler would only log the error
            // a setting or file at fault is one sentence naming it (io.contractgate.startup at DEBUG adds the trace)
            String sentence = StartupProblem.sentence(t);
            if (sentence == null
                    || org.slf4j.LoggerFactory.getLogger(StartupProblem.class.getPackageName()).isDebugEnabled()) {
                t.printStackTrace();
            }
            System.err.println("contract-gateway did not start: " + (sentence != null ? sentence : t));
            System.exit(1);
        }
        if (main.getExitCode() != 0) {
            System.exit(main.getExitCode());
        }
    }

    /**
     * Wires a camel-main the same way for the jar and for tests that boot the real main. camel-main injects every
     * configuration ({@code @BeanInject} fields, then its {@code @BindToRegistry} methods) in this order before it calls
     * any {@code configure}, so a configuration receives what the ones before it bind: a bean injected before it is
     * bound stops the start naming the bean. The {@code configure} methods run in the same order. camel-main prepares
     * each configuration twice (its injector post-processes the new instance, then the configuration loader does it
     * again), so every {@code @BindToRegistry} method returns the instance it made the first time: a second one would
     * leave the beans injected in between on the first.
     */
    public static void configure(Main main) {
        // application.properties in the working folder (next to routes/ and schemas/) wins over the packaged copy
        main.setDefaultPropertyPlaceholderLocation(
                "file:application.properties;optional=true,classpath:application.properties;optional=true");
        // ADMIN_PASSWORD_FILE, MQTT_PASSWORD_FILE, INFLUX_TOKEN_FILE, ...: secrets from files (Compose secrets)
        SecretFiles.read(System.getenv()).forEach(main::addOverrideProperty);
        // the HTTP server with an idle timeout and a request-head deadline (admin.http.*): camel-main looks its server
        // factory up in the registry before it reads the configurations, so it is bound here
        main.bind("limitedHttpServerFactory", new LimitedHttpServerFactory());
        main.configure().withConfigurations(
                GatewayConfiguration.class,   // contracts, broker settings, the paho-mqtt5 component, output client
                MetricsConfiguration.class,   // the meter registry
                InfluxConfiguration.class,
                AdminConfiguration.class,     // settings, event hub, journal, audit log, mapping store, contract admin
                FleetConfiguration.class,     // wraps the admin journal (needs the admin API's committed changes)
                QuarantineConfiguration.class,
                BreakerConfiguration.class,
                WebConfiguration.class);
    }
}
