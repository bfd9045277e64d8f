package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.contractgate.contract.ContractCompiler;
import io.contractgate.contract.compat.CompatibilityLevel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
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
    private static final String INDEX = "index.jsonl";
    private static final Logger LOG = LoggerFactory.getLogger(ContractVersions.class);
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

    /**
     * The versions of a contract, oldest first (empty when it was never saved through the admin API). A last line cut
     * short (no newline, not JSON: a save interrupted by a crash or a full disk) is not a version: it is skipped, and
     * the next save replaces it. Any other line that is not an entry stops the read, naming the file and the line.
     */
    public synchronized List<Version> list(String id) {
        Path index = dir(id).resolve(INDEX);
        String text;
        try {
            text = Files.readString(index, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new ArrayList<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + index + ": " + e.getMessage(), e);
        }
        List<Version> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                out.add(new Version(n.path("version").asInt(), n.path("hash").asText(),
                        Instant.parse(n.path("at").asText()), n.path("author").asText(), n.path("action").asText()));
            } catch (IOException | RuntimeException e) {
                if (i == lines.length - 1) {
                    LOG.warn("{}: its last line is cut short (a save interrupted by a crash or a full disk) and is "
                            + "not a version; the next save of contract '{}' replaces it", index, id);
                    continue;
                }
                throw new UncheckedIOException(new IOException(index + " line " + (i + 1) + " is not a version entry ("
                        + e.getMessage().lines().findFirst().orElse("") + "); fix or remove that line", e));
            }
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
     * Ends an interrupted append before the next one: a last line without its newline is removed when it is cut short,
     * or ended when only its newline is missing, so the next entry starts a line of its own.
     */
    private static void endCutLine(Path index) throws IOException {
        if (!Files.exists(index)) {
            return;
        }
        byte[] bytes = Files.readAllBytes(index);
        int start = bytes.length;
        while (start > 0 && bytes[start - 1] != '\n') {
            start--;
        }
        if (start == bytes.length) {
            return;
        }
        boolean whole;
        try {
            JSON.readTree(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
            whole = true;
        } catch (IOException e) {
            whole = false;
        }
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
            if (whole) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[]{'\n'}), bytes.length);
            } else {
                ch.truncate(start);
            }
            ch.force(true);
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
            endCutLine(dir(id).resolve(INDEX));
            Files.writeString(dir(id).resolve(INDEX), JSON.writeValueAsString(v.toJson()) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record version " + n + " of contract " + id, e);
        }
        return v;
    }

    /**
     * Takes back the newest entry, {@code v}, of a contract's history when its text never came into force (the contract
     * file could not be written, or the text did not load): its index line and its file go, so the history never
     * names a version that was not saved. Truncating needs no free space, so this works on a full disk too.
     */
    public synchronized void undo(String id, Version v) {
        Path index = dir(id).resolve(INDEX);
        try {
            byte[] bytes = Files.readAllBytes(index);
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] == '\n') {
                end--;
            }
            int start = end;
            while (start > 0 && bytes[start - 1] != '\n') {
                start--;
            }
            JsonNode last = JSON.readTree(new String(bytes, start, end - start, StandardCharsets.UTF_8));
            if (last == null || last.path("version").asInt() != v.version()) {
                throw new IOException("its newest entry is not version " + v.version());
            }
            try (FileChannel ch = FileChannel.open(index, StandardOpenOption.WRITE)) {
                ch.truncate(start);
                ch.force(true);
            }
            Files.deleteIfExists(dir(id).resolve(v.version() + ".schema.json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take version " + v.version() + " back out of " + index, e);
        }
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
