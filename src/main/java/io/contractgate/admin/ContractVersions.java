package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.compat.CompatibilityLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The history of each contract: every saved text kept as {@code <contracts>/.versions/<id>/<n>.schema.json}
 * (n = 1, 2, 3...) with an index of who saved it when ({@code index.jsonl}), plus diffs between versions.
 * The folder starts with a dot and holds sub-folders only, so the contract store never lists it as a contract.
 */
public final class ContractVersions {

    public static final String FOLDER = ".versions";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One entry of a contract's history. */
    public record Version(int version, String hash, Instant at, String author, String action) {
        public ObjectNode toJson() {
            ObjectNode n = JSON.createObjectNode();
            n.put("version", version);
            n.put("hash", hash);
            n.put("at", at.toString());
            n.put("author", author);
            n.put("action", action);
            return n;
        }
    }

    private final Path root;

    public ContractVersions(Path contractsDir) {
        this.root = contractsDir.resolve(FOLDER);
    }

    private Path dir(String id) {
        return root.resolve(id);
    }

    /** The versions of a contract, oldest first (empty when it was never saved through the admin API). */
    public synchronized List<Version> list(String id) {
        Path index = dir(id).resolve("index.jsonl");
        List<Version> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                out.add(new Version(n.path("version").asInt(), n.path("hash").asText(),
                        Instant.parse(n.path("at").asText()), n.path("author").asText(), n.path("action").asText()));
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index, e);
        }
        return out;
    }

    public synchronized Optional<String> read(String id, int version) {
        try {
            return Optional.of(Files.readString(dir(id).resolve(version + ".schema.json"), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records a new version of a contract. When the contract has no history yet but {@code previous} text exists (a
     * file that predates the admin API), that text is recorded first as version 1, so the old text is never lost.
     */
    public synchronized Version record(String id, String previous, String text, String author, String action) {
        List<Version> existing = list(id);
        int next = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).version() + 1;
        if (existing.isEmpty() && previous != null) {
            append(id, next++, previous, "(file)", "initial");
        }
        return append(id, next, text, author, action);
    }

    private Version append(String id, int n, String text, String author, String action) {
        Version v = new Version(n, ContractCompiler.hash(text), Instant.now(), author, action);
        try {
            Files.createDirectories(dir(id));
            AtomicFiles.write(dir(id).resolve(n + ".schema.json"), text);
            Files.writeString(dir(id).resolve("index.jsonl"), JSON.writeValueAsString(v.toJson()) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record version " + n + " of contract " + id, e);
        }
        return v;
    }

    /**
     * The contract's compatibility level, kept beside its history in {@code .versions/<id>/compatibility.json}
     * ({@code {"level": "FULL"}}); {@link CompatibilityLevel#DEFAULT} when none is set.
     */
    public CompatibilityLevel level(String id) {
        return CompatibilityLevel.readFile(dir(id).resolve(CompatibilityLevel.FILE));
    }

    /** Sets the compatibility level (written atomically). */
    public synchronized void setLevel(String id, CompatibilityLevel level) {
        try {
            Files.createDirectories(dir(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir(id), e);
        }
        AtomicFiles.write(dir(id).resolve(CompatibilityLevel.FILE), "{\"level\": \"" + level.name() + "\"}\n");
    }

    /** The version number whose text has this hash, newest first, or 0. */
    public int versionOf(String id, String hash) {
        List<Version> all = list(id);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).hash().equals(hash)) {
                return all.get(i).version();
            }
        }
        return 0;
    }

    /** A unified diff from one text to another, with three lines of context. */
    public static String diff(String fromName, String from, String toName, String to) {
        List<String> a = from.lines().toList();
        List<String> b = to.lines().toList();
        Patch<String> patch = DiffUtils.diff(a, b);
        return String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(fromName, toName, a, patch, 3))
                + (patch.getDeltas().isEmpty() ? "" : "\n");
    }
}
