package io.contractgate.bench;

import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.sun.net.httpserver.HttpServer;
import io.contractgate.contract.ContractReferences;
import io.contractgate.contract.ContractStore;
import io.contractgate.contract.PayloadValidator;
import io.contractgate.contract.Verdict;
import io.contractgate.report.FailureReport;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jsonvalidator.JsonUriSchemaLoader;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The behaviour facts behind the component benchmarks, printed for the results file (run with {@code java -cp ...
 * io.contractgate.bench.ComponentBehaviourCheck}): what camel-json-validator reports for an invalid message next to the
 * gateway's report; whether its schemas fetch a remote {@code $ref} or read a file, and whether a custom
 * {@code uriSchemaLoader} stops that; whether an {@code aggregate} step lets the input complete before its batch is
 * written (what influx.required needs), and what it does with a pending group when the route stops.
 */
public final class ComponentBehaviourCheck {

    private static final byte[] FOUR_ERRORS =
            "{\"sensor_id\":\"s1-1\",\"temperature\":\"hot\",\"humidity\":140,\"battery\":1}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        reports();
        references();
        catastrophicPattern();
        aggregation();
    }

    private static void reports() throws Exception {
        try (RouteBench bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:check").to("json-validator:file:schemas/sensor1.schema.json");
            }
        }).start()) {
            Exchange e = bench.exchange();
            e.getMessage().setBody(FOUR_ERRORS);
            bench.producer("direct:check").process(e);
            System.out.println("[json-validator] exception: " + e.getException().getClass().getName());
            System.out.println("[json-validator] message: " + e.getException().getMessage().replace("\n", " | "));
        }
        ContractStore store = new ContractStore(Path.of("schemas"));
        Verdict v = new PayloadValidator().validate(FOUR_ERRORS, store.get("sensor1"), "sensor_id");
        System.out.println("[gateway] report: " + new String(new FailureReport().build("sensor1", "sensors/sensor1",
                store.get("sensor1"), "sensor1", Instant.EPOCH, v, FOUR_ERRORS), StandardCharsets.UTF_8));
    }

    /** A contract whose $ref names a URL on a local server, and one whose $ref names a file. */
    private static void references() throws Exception {
        AtomicInteger fetched = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/remote.schema.json", x -> {
            fetched.incrementAndGet();
            byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        Path dir = Files.createTempDirectory("jv-ref");
        Path secret = dir.resolve("secret.schema.json");
        Files.writeString(secret, "{\"type\":\"string\",\"title\":\"read from disk\"}");
        Files.writeString(dir.resolve("remote.schema.json"), schemaWithRef("http://127.0.0.1:"
                + server.getAddress().getPort() + "/remote.schema.json"));
        Files.writeString(dir.resolve("file.schema.json"), schemaWithRef(secret.toUri().toString()));
        JsonUriSchemaLoader refusing = (context, uri) -> {
            // what a secure form would need: our own loader with the gateway's reference policy (nothing fetched)
            try (var in = org.apache.camel.support.ResourceHelper.resolveMandatoryResourceAsInputStream(context, uri)) {
                return JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012))
                        .schemaLoaders(l -> l.add(ContractReferences.none())).build()
                        .getSchema(in);
            }
        };
        try (RouteBench bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:remote").to("json-validator:file:" + dir.resolve("remote.schema.json"));
                from("direct:file").to("json-validator:file:" + dir.resolve("file.schema.json"));
                from("direct:remote-refused").to("json-validator:file:" + dir.resolve("remote.schema.json")
                        + "?uriSchemaLoader=#refusing");
            }
        }) {
            @Override
            void beforeStart() {
                context.getRegistry().bind("refusing", refusing);
            }
        }.start()) {
            System.out.println("[json-validator] remote $ref, default loader: " + outcome(bench, "direct:remote")
                    + "; HTTP requests to the $ref URL: " + fetched.get());
            System.out.println("[json-validator] file $ref, default loader: " + outcome(bench, "direct:file")
                    + " (the number is rejected by the file's \"type\":\"string\": the file was read)");
            int before = fetched.get();
            System.out.println("[json-validator] remote $ref, uriSchemaLoader with ContractReferences.none(): "
                    + outcome(bench, "direct:remote-refused") + "; HTTP requests: " + (fetched.get() - before));
        } finally {
            server.stop(0);
        }
    }

    /** The pattern of issue #13 at its lengths (the gateway: 0.6 ms and 3.4 ms, bench/results/catastrophic-pattern.txt). */
    private static void catastrophicPattern() throws Exception {
        Path dir = Files.createTempDirectory("jv-pattern");
        Files.writeString(dir.resolve("p.schema.json"), "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}");
        try (RouteBench bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:p").to("json-validator:file:" + dir.resolve("p.schema.json"));
            }
        }).start()) {
            for (int n : new int[] {10_240, 40_960}) {
                Exchange e = bench.exchange();
                e.getMessage().setBody(("{\"s\":\"" + "a".repeat(n) + "!\"}").getBytes(StandardCharsets.UTF_8));
                long t0 = System.nanoTime();
                bench.producer("direct:p").process(e);
                System.out.printf("[json-validator] pattern ^(a+)+$ on %d a's and '!': %d ms%n", n,
                        (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    private static String schemaWithRef(String ref) {
        return "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"properties\":{\"sensor_id\":{\"$ref\":\"" + ref + "\"}}}";
    }

    private static String outcome(RouteBench bench, String uri) throws Exception {
        Exchange ok = bench.exchange();
        ok.getMessage().setBody("{\"sensor_id\":\"s1-1\"}".getBytes(StandardCharsets.UTF_8));
        bench.producer(uri).process(ok);
        Exchange bad = bench.exchange();
        bad.getMessage().setBody("{\"sensor_id\":42}".getBytes(StandardCharsets.UTF_8));
        bench.producer(uri).process(bad);
        return "string id " + (ok.getException() == null ? "valid" : "error: " + brief(ok.getException()))
                + ", number id " + (bad.getException() == null ? "valid" : "invalid: " + brief(bad.getException()));
    }

    private static String brief(Exception e) {
        String m = e.getMessage().replace('\n', ' ');
        return m.length() > 130 ? m.substring(0, 130) + "..." : m;
    }

    private static void aggregation() throws Exception {
        AtomicInteger written = new AtomicInteger();
        RouteBench bench = new RouteBench(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:store").wireTap("direct:aggregate");
                from("direct:aggregate")
                        .aggregate(constant(true), new GroupedBodyAggregationStrategy())
                            .completionSize(InfluxHandoffBenchmark.GROUP).completionTimeout(60_000)
                            .process(e -> written.addAndGet(e.getMessage().getBody(java.util.List.class).size()));
            }
        }).start();
        for (String uri : new String[] {"direct:aggregate", "direct:store"}) {
            Exchange e = bench.exchange();
            e.getMessage().setBody("point");
            bench.producer(uri).process(e);
            System.out.println("[aggregate] " + uri + ": the input's exchange completed (exception "
                    + e.getException() + ") with its point written: " + (written.get() > 0)
                    + " (a required write would have to hold it until then)");
        }
        bench.close();
        System.out.println("[aggregate] points written after the route stopped with 2 pending: " + written.get());
    }
}
