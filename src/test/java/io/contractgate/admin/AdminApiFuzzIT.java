package io.contractgate.admin;

import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13: fuzzed JSON bodies on every admin endpoint that takes one. Each answer is a 4xx (a dry run or a publish
 * may also succeed), never a 5xx, and no file under routes/, schemas/ or config/ changes. Writes carry a stale If-Match, so even a
 * body that happened to be valid could not change anything; what is fuzzed is parsing and checking.
 */
class AdminApiFuzzIT {

    private static final int PER_ENDPOINT = 300;
    private static final String STALE = "\"stale-etag\"";

    @TempDir
    Path tmp;

    private record Target(String method, String path, String valid, String ifMatch, boolean dryRun) {
    }

    @Test
    void fuzzedBodiesGet4xxNever5xxAndChangeNothing() throws Exception {
        try (GatewayRunner app = GatewayRunner.startWithLogins(GatewayRunner.prepare(tmp), Map.of())) {
            AdminHttp admin = app.admin();
            String contract = Files.readString(app.home().resolve("schemas/sensor1.schema.json"));
            String broker = admin.get("/api/broker").body();
            List<Target> targets = List.of(
                    new Target("POST", "/api/mappings",
                            "{\"id\":\"fuzz\",\"sourceTopic\":\"fuzz/+\",\"contractId\":\"no-such-contract\"}", null, false),
                    new Target("PUT", "/api/mappings/sensor1",
                            "{\"id\":\"sensor1\",\"sourceTopic\":\"sensors/sensor1\",\"contractId\":\"sensor1\"}", STALE, false),
                    new Target("PUT", "/api/contracts/sensor1", contract, STALE, false),
                    new Target("PUT", "/api/broker", broker, STALE, false),
                    new Target("POST", "/api/contracts/test",
                            "{\"schema\":" + contract + ",\"payload\":{\"sensor_id\":\"s\",\"temperature\":1}}", null, true),
                    new Target("POST", "/api/contracts/sensor1/test",
                            "{\"sensor_id\":\"s1\",\"timestamp\":\"t\",\"temperature\":1,\"humidity\":2}", null, true),
                    new Target("POST", "/api/publish", "{\"topic\":\"fuzz/x\",\"payload\":{\"a\":1},\"qos\":0}", null, true));
            Map<String, String> before = snapshot(app.home());
            Fuzz fuzz = new Fuzz(1313L);

            for (Target t : targets) {
                for (int i = 0; i < PER_ENDPOINT; i++) {
                    String body = fuzz.nextText(t.valid());
                    HttpResponse<String> r = admin.send(t.method(), t.path(), body, t.ifMatch());
                    int s = r.statusCode();
                    boolean ok = s >= 400 && s < 500 || t.dryRun() && s >= 200 && s < 300;
                    assertThat(ok).as("%s %s answered %d to %s%n%s", t.method(), t.path(), s, abbreviate(body),
                            abbreviate(r.body())).isTrue();
                }
            }

            assertThat(snapshot(app.home())).as("nothing under routes/, schemas/, config/ changed").isEqualTo(before);
            Path audit = app.home().resolve("config/audit.log");
            if (Files.exists(audit)) {
                assertThat(Files.readAllLines(audit)).as("only the accepted publishes are audited, no change")
                        .allMatch(l -> l.contains("\"kind\":\"publish\""));
            }
            assertThat(admin.get("/api/status").statusCode()).isEqualTo(200);
            assertThat(app.context().getRouteController().getRouteStatus("mapping-sensor1").isStarted()).isTrue();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String sub : new String[] {"routes", "schemas", "config"}) {
            Path root = dir.resolve(sub);
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                // the audit log records the accepted publishes of /api/publish (checked separately)
                files.filter(Files::isRegularFile).filter(f -> !f.endsWith("audit.log")).forEach(f -> {
                    try {
                        out.put(dir.relativize(f).toString(), Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(f))));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return out;
    }
}
