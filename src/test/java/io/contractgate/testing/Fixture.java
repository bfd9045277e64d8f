package io.contractgate.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * One contract fixture from {@code src/test/resources/contracts/<id>/}: a valid payload file, or an invalid case that
 * states its expected primary error and pointers.
 */
public record Fixture(String contractId, String name, byte[] payload, boolean valid, String primaryError,
                      List<String> pointers, List<String> errorTypes) {

    public static final Path ROOT = Path.of("src/test/resources/contracts");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every fixture of every contract, sorted by contract then name. */
    public static List<Fixture> all() {
        List<Fixture> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(ROOT)) {
            for (Path dir : dirs.sorted().toList()) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        out.add(load(dir.getFileName().toString(), f));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static Fixture load(String contractId, Path file) throws IOException {
        String name = file.getFileName().toString().replace(".json", "");
        if (name.startsWith("valid-")) {
            return new Fixture(contractId, name, Files.readAllBytes(file), true, null, List.of(), List.of());
        }
        if (!name.startsWith("invalid-")) {
            throw new IllegalStateException("fixture names start with valid- or invalid-: " + file);
        }
        JsonNode node = JSON.readTree(file.toFile());
        JsonNode expect = node.required("expect");
        byte[] payload;
        if (node.has("payload_text")) {
            payload = node.get("payload_text").asText().getBytes(StandardCharsets.UTF_8);
        } else if (node.has("payload_base64")) {
            payload = Base64.getDecoder().decode(node.get("payload_base64").asText());
        } else {
            payload = JSON.writeValueAsBytes(node.required("payload"));
        }
        List<String> pointers = new ArrayList<>();
        expect.required("pointers").forEach(p -> pointers.add(p.asText()));
        List<String> types = new ArrayList<>();
        expect.path("error_types").forEach(t -> types.add(t.asText()));
        return new Fixture(contractId, name, payload, false, expect.required("primary_error").asText(), pointers, types);
    }

    @Override
    public String toString() {
        return contractId + "/" + name;
    }
}
