package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Append-only record of admin changes, one JSON object per line: when, who, what kind, which id, which action, the
 * outcome and a detail. Lines are only ever appended; reading returns the newest ones.
 */
public final class AuditLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private volatile Mirror mirror;

    /**
     * A second home of the entries, shared by several gateways (the fleet's database): each entry is appended there
     * too, and the newest entries are read from there. When it cannot be read, this gateway's file answers.
     */
    public interface Mirror {
        /** Appends one entry; must not throw for an unreachable store (the file has the entry). */
        void append(JsonNode entry);

        /** The newest {@code limit} entries, oldest first. */
        List<JsonNode> tail(int limit);
    }

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Installs the mirror (once, at start). */
    public void setMirror(Mirror mirror) {
        this.mirror = mirror;
    }

    /** Appends one entry and forces it to disk, then to the mirror when there is one. */
    public void record(String user, String kind, String id, String action, boolean ok, String detail) {
        ObjectNode n = JSON.createObjectNode();
        n.put("at", Instant.now().toString());
        n.put("user", user);
        n.put("kind", kind);
        n.put("id", id);
        n.put("action", action);
        n.put("result", ok ? "ok" : "failed");
        if (detail != null) {
            n.put("detail", detail);
        }
        append(n);
        Mirror m = mirror;
        if (m != null) {
            m.append(n); // outside the file's lock: a slow database never holds up the other writers' lines
        }
    }

    /**
     * Fails (naming the file) when the next entry could not be appended: the folder or the file is not writable.
     * Opens the file for appending, creating it when missing, and writes nothing.
     */
    public synchronized void requireWritable() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                // opened for appending: the next entry can be written
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        }
    }

    private synchronized void append(ObjectNode n) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // one write call per line with APPEND: lines never interleave
            Files.writeString(file, JSON.writeValueAsString(n) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit log " + file, e);
        }
    }

    /** The newest {@code limit} entries, oldest first (from the mirror when there is one and it answers). */
    public List<JsonNode> tail(int limit) {
        Mirror m = mirror;
        if (m != null) {
            try {
                return m.tail(limit);
            } catch (RuntimeException e) {
                // the shared store is unreachable: this gateway's own entries are better than none
            }
        }
        return fileTail(limit);
    }

    private synchronized List<JsonNode> fileTail(int limit) {
        Deque<String> last = new ArrayDeque<>();
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                if (!l.isBlank()) {
                    last.addLast(l);
                    if (last.size() > limit) {
                        last.removeFirst();
                    }
                }
            });
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException | UncheckedIOException e) {
            throw new UncheckedIOException("cannot read the audit log " + file,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
        List<JsonNode> out = new ArrayList<>(last.size());
        for (String l : last) {
            try {
                out.add(JSON.readTree(l));
            } catch (IOException e) {
                // a torn last line after a crash: skip it rather than hide the rest
            }
        }
        return out;
    }
}
