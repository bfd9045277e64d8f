package io.contractgate.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The mapping route files in the routes folder ({@code mapping-<id>.camel.yaml}): read, and replaced in two steps so
 * the previous file survives until the new route is known to run ({@link #stage} then {@link Staged#commit} or
 * {@link Staged#rollback}).
 */
public final class MappingStore {

    /** Registry name of the store of the running gateway. */
    public static final String BEAN = "mappingStore";

    public static final String PREFIX = "mapping-";
    public static final String SUFFIX = ".camel.yaml";
    /** Suffix of the kept previous file while a change is being applied. */
    public static final String BACKUP_SUFFIX = ".prev";

    private final Path dir;

    /** A mapping as stored: parsed, plus the file text and its ETag. */
    public record Stored(Mapping mapping, String text, String etag) {
    }

    public MappingStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The file of a mapping; an id that is not a safe file name (NUL, '/', over 64 characters) is a 400 naming id. */
    public Path file(String id) {
        return dir.resolve(PREFIX + ConfigValidator.requireId("id", id) + SUFFIX);
    }

    /** Every mapping file, sorted by id; a file that is not a mapping is skipped (it is not ours to judge). */
    public List<Stored> list() {
        List<Stored> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(PREFIX) && n.endsWith(SUFFIX)) {
                    String id = n.substring(PREFIX.length(), n.length() - SUFFIX.length());
                    try {
                        read(id).ifPresent(out::add);
                    } catch (IllegalArgumentException ignored) {
                        // a hand-written route that is not a contract-pipeline mapping: leave it alone (one without
                        // a parameter stops the start, checkAtStart)
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return out;
    }

    /**
     * The check at start, before Camel loads the files: a change cut off by a stop is undone ({@link
     * #undoInterrupted}); a mapping file without a parameter it needs stops the start
     * naming the file and the parameter (Camel says only "the following mandatory parameters must be provided", with
     * no file), an unreadable one naming the file; answers one line per mapping whose contract is not in
     * {@code contractIds} (it runs, and every message it takes gets a failure report saying so).
     */
    public List<String> checkAtStart(java.util.Set<String> contractIds) {
        List<String> warnings = new ArrayList<>(undoInterrupted());
        java.util.Map<Path, Mapping> found = new java.util.LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String n = p.getFileName().toString();
                if (!n.startsWith(PREFIX) || !n.endsWith(SUFFIX)) {
                    continue;
                }
                Mapping m;
                try {
                    m = MappingFiles.parse(Files.readString(p, StandardCharsets.UTF_8));
                } catch (MappingFiles.NotAMapping | org.snakeyaml.engine.v2.exceptions.YamlEngineException e) {
                    continue; // not a mapping, or not YAML: Camel's loader names the file and the line
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(p + ": " + e.getMessage());
                } catch (IOException e) {
                    throw new IllegalArgumentException(p + " cannot be read (" + e + ")");
                }
                if (!contractIds.contains(m.contractId())) {
                    warnings.add(p + ": mapping '" + m.id() + "' names contract '" + m.contractId()
                            + "', which is not in the contracts folder; every message it takes is reported as failed "
                            + "(error_type other) until that contract is saved");
                }
                found.put(p, m);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        // a file written by hand gets the admin API's checks too: a filter Camel would read as another one, or outputs
        // that feed a mapping's own input (one message republished without end), stop the start naming the file
        found.forEach((p, m) -> {
            List<Mapping> others = found.values().stream().filter(o -> o != m).toList();
            java.util.Set<String> known = new java.util.HashSet<>(contractIds);
            known.add(m.contractId()); // a missing contract is the warning above, not a stop
            try {
                ConfigValidator.validateMapping(m, others, known);
            } catch (ApiException e) {
                throw new IllegalArgumentException(p + ": " + e.getMessage() + " (parameter " + e.field() + ")");
            }
        });
        return warnings;
    }

    /**
     * A change the gateway was stopped in (kill -9, power loss) between {@link #stage} and {@link Staged#commit}: the
     * previous file is still beside the new one (or beside no file, for a delete). The change was never answered, so
     * it is undone: the previous file goes back. The previous mapping's broker session still holds what its route had
     * not acknowledged; with the new file (another topic) nothing would read it again. One line per file undone.
     */
    List<String> undoInterrupted() {
        List<String> undone = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path backup : files.sorted().toList()) {
                String n = backup.getFileName().toString();
                if (!n.startsWith(PREFIX) || !n.endsWith(SUFFIX + BACKUP_SUFFIX)) {
                    continue;
                }
                Path target = backup.resolveSibling(n.substring(0, n.length() - BACKUP_SUFFIX.length()));
                AtomicFiles.move(backup, target);
                undone.add(target + ": a change of this mapping was cut off by a stop before it completed (its "
                        + "previous file " + n + " was still there); the previous file is back in force");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot undo an interrupted change in " + dir, e);
        }
        return undone;
    }

    public List<Mapping> mappings() {
        return list().stream().map(Stored::mapping).toList();
    }

    public Optional<Stored> read(String id) {
        try {
            String text = Files.readString(file(id), StandardCharsets.UTF_8);
            return Optional.of(new Stored(MappingFiles.parse(text), text, AtomicFiles.etag(text)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(id), e);
        }
    }

    /**
     * Puts new content in place (or removes the file when {@code text} is null), keeping the previous file as a
     * backup until {@link Staged#commit} or {@link Staged#rollback}.
     */
    public Staged stage(String id, String text) {
        Path target = file(id);
        Path backup = target.resolveSibling(target.getFileName() + BACKUP_SUFFIX);
        try {
            boolean existed = Files.exists(target);
            if (existed) {
                // whole or absent, never half: a backup beside the file means a change to undo at start
                AtomicFiles.write(backup, Files.readAllBytes(target));
            }
            try {
                if (text == null) {
                    Files.deleteIfExists(target);
                } else {
                    AtomicFiles.write(target, text);
                }
            } catch (IOException | UncheckedIOException e) {
                // nothing changed (a full disk took the last room for the backup): a backup left behind would put
                // itself back over the file at the next start, undoing any hand edit made since
                if (existed) {
                    dropBackup(backup, e);
                }
                throw e;
            }
            return new Staged(target, existed ? backup : null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage " + target, e);
        }
    }

    private static void dropBackup(Path backup, Exception cause) {
        try {
            Files.deleteIfExists(backup);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** A change on disk awaiting its verdict. */
    public static final class Staged {
        private final Path target;
        private final Path backup;

        Staged(Path target, Path backup) {
            this.target = target;
            this.backup = backup;
        }

        public Path target() {
            return target;
        }

        public boolean hadPrevious() {
            return backup != null;
        }

        /** The new config is live: drop the backup. */
        public void commit() {
            try {
                if (backup != null) {
                    Files.deleteIfExists(backup);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The new config failed: the previous file (or no file) is back. */
        public void rollback() {
            try {
                if (backup != null) {
                    AtomicFiles.move(backup, target);
                } else {
                    Files.deleteIfExists(target);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot restore " + target, e);
            }
        }
    }
}
