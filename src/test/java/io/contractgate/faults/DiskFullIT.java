package io.contractgate.faults;

import com.fasterxml.jackson.databind.JsonNode;
import io.contractgate.testing.AdminHttp;
import io.contractgate.testing.GatewayRunner;
import io.contractgate.testing.MqttProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.contractgate.testing.AdminHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's disk full for real: every folder it writes (config, routes, schemas and their history, the embedded
 * broker's and the quarantine's data) on a small tmpfs, then a file fills the rest. Each admin change is refused with a
 * 507 naming the file it could not write, leaving the configuration in force, no temp file and no history entry without
 * its file; MQTT traffic keeps flowing; once the file is gone the same changes succeed without a restart. Needs root
 * (mount); skipped, saying so, where a tmpfs cannot be mounted.
 */
class DiskFullIT {

    private static final String GOOD = "{\"sensor_id\":\"s1-full\",\"timestamp\":\"2026-01-01T00:00:00Z\","
            + "\"temperature\":20,\"humidity\":50}";
    private static final String HOT = "{\"sensor_id\":\"s1-full\",\"timestamp\":\"2026-01-01T00:00:00Z\","
            + "\"temperature\":99,\"humidity\":50}";

    @TempDir
    Path tmp;

    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = Files.createDirectories(tmp.resolve("disk"));
        mounted = run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", disk.toString()) == 0;
        assumeThat(mounted).as("a tmpfs can be mounted here (root with mount allowed, as on CI)").isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && run("umount", disk.toString()) != 0) {
            run("umount", "-l", disk.toString());
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void changesOnAFullDiskAreRefusedWith507AndMadeOnceThereIsRoomAgain() throws Exception {
        GatewayRunner.prepare(disk);
        // the embedded broker's RocksDB stores do not open on a small tmpfs at all (it needs far more room at start):
        // its data stays on the ordinary disk, everything else the gateway writes is on the full one
        Map<String, String> dirs = Map.of("mqtt.embedded.data-dir", tmp.resolve("broker").toString());
        try (GatewayRunner gw = GatewayRunner.startWithLogins(disk, dirs);
             MqttProbe out = new MqttProbe(gw.brokerUrl(), "sensors/sensor1/validated", "sensors/sensor1/failed")) {
            AdminHttp admin = gw.admin();
            String contract = admin.get("/api/contracts/sensor1").body();
            int versions = json(admin.get("/api/contracts/sensor1/versions")).size();
            String keepAlive = json(admin.get("/api/broker")).path("mqtt.keep-alive").asText();
            String changed = contract.replaceFirst("\"description\"\\s*:\\s*\"", "\"description\": \"full disk. ");
            assertThat(changed).isNotEqualTo(contract);

            Path filler = fill(disk);

            // the first file of the save it cannot write: the version kept in the history, or the contract itself
            assertRefused(admin.put("/api/contracts/sensor1", changed), "schemas/.*sensor1.*\\.schema\\.json");
            assertRefused(admin.post("/api/mappings",
                    "{\"id\":\"m3\",\"sourceTopic\":\"sensors/m3\",\"contractId\":\"sensor2\"}"), "routes/mapping-m3\\.camel\\.yaml");
            assertRefused(admin.put("/api/broker", "{\"mqtt.keep-alive\":\"33\"}"), "config/broker\\.properties");

            assertThat(admin.get("/api/contracts/sensor1").body()).as("contract in force").isEqualTo(contract);
            assertThat(json(admin.get("/api/contracts/sensor1/versions"))).as("history").hasSize(versions);
            assertThat(admin.get("/api/mappings/m3").statusCode()).isEqualTo(404);
            assertThat(gw.context().getRoute("mapping-m3")).isNull();
            assertThat(json(admin.get("/api/broker")).path("mqtt.keep-alive").asText()).isEqualTo(keepAlive);
            assertNoHalfWrittenFile(disk);

            // MQTT keeps flowing: a valid message comes out validated, an invalid one failed
            out.publish("sensors/sensor1", GOOD, 1, "good-while-full");
            out.publish("sensors/sensor1", HOT, 1, "hot-while-full");
            await().atMost(Duration.ofSeconds(20)).until(() -> !out.forCase("good-while-full").isEmpty()
                    && !out.forCase("hot-while-full").isEmpty());
            System.out.println("DiskFullIT while full: quarantine_rows_written_total="
                    + gw.metric("quarantine_rows_written_total") + " quarantine_write_retries_total="
                    + gw.metric("quarantine_write_retries_total"));

            Files.delete(filler);

            HttpResponse<String> saved = admin.put("/api/contracts/sensor1", changed);
            assertThat(saved.statusCode()).as(saved.body()).isEqualTo(200);
            JsonNode history = json(admin.get("/api/contracts/sensor1/versions"));
            // the file that predates the API becomes version 1 when the history was empty, the save the next one
            assertThat(history).hasSize(versions == 0 ? 2 : versions + 1);
            assertThat(json(saved).path("version").asInt()).isEqualTo(history.get(history.size() - 1).path("version").asInt());
            HttpResponse<String> created = admin.post("/api/mappings",
                    "{\"id\":\"m3\",\"sourceTopic\":\"sensors/m3\",\"contractId\":\"sensor2\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> broker = admin.put("/api/broker", "{\"mqtt.keep-alive\":\"33\"}");
            assertThat(broker.statusCode()).as(broker.body()).isEqualTo(200);
            // the failed message's quarantine row, whenever it could not be written, is written now
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    json(admin.get("/api/quarantine/messages?sensorId=s1-full")).path("items").size() == 1);
            assertNoHalfWrittenFile(disk);
        }
    }

    private static void assertRefused(HttpResponse<String> r, String file) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(507);
        assertThat(json(r).path("error").asText()).containsPattern("cannot write \\S*" + file + ": No space left on device");
    }

    /** Fills the disk with one file, up to its last byte. */
    private static Path fill(Path dir) throws IOException {
        Path filler = dir.resolve("filler");
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(filler)) {
            for (int i = 0; i < 100_000; i++) {
                o.write(chunk);
            }
        } catch (IOException full) {
            assertThat(full.getMessage()).contains("No space left on device");
            return filler;
        }
        throw new AssertionError("the disk never filled up");
    }

    /** No temp file, no mapping backup, and each contract's history names exactly the version files it keeps. */
    private static void assertNoHalfWrittenFile(Path home) throws IOException {
        for (String dir : List.of("schemas", "routes", "config")) {
            try (Stream<Path> all = Files.walk(home.resolve(dir))) {
                assertThat(all.map(p -> p.getFileName().toString())).as(dir)
                        .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".prev"));
            }
        }
        if (!Files.isDirectory(home.resolve("schemas/.versions"))) {
            return;
        }
        try (Stream<Path> contracts = Files.list(home.resolve("schemas/.versions"))) {
            for (Path dir : contracts.toList()) {
                TreeSet<String> named = new TreeSet<>();
                Path index = dir.resolve("index.jsonl");
                for (String line : Files.exists(index) ? Files.readAllLines(index) : List.<String>of()) {
                    JsonNode v = AdminHttp.JSON.readTree(line);
                    named.add(v.path("version").asInt() + ".schema.json");
                }
                List<String> kept = new ArrayList<>();
                try (Stream<Path> files = Files.list(dir)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".schema.json")).forEach(kept::add);
                }
                assertThat(kept).as(dir + ": version files and history lines").containsExactlyInAnyOrderElementsOf(named);
            }
        }
    }

    private static int run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException noSuchCommand) {
            return -1;
        }
    }
}
