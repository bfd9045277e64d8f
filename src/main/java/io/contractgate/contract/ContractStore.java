package io.contractgate.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToIntBiFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The contracts folder: each {@code <id>.schema.json} compiled once, cached, and recompiled only when its file changes.
 */
public final class ContractStore {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ContractStore.class);

    public static final String SUFFIX = ".schema.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Safe contract ids: they become file names. */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    /** A hand-edited file is noticed within this many milliseconds; admin saves are seen at once via reload(). */
    private static final long RECHECK_MILLIS = 1000;

    private final Path dir;
    /** Contracts may $ref one another (by $id or file name); nothing outside this folder is ever read. */
    private final ContractCompiler compiler = new ContractCompiler(new ContractReferences(this::textByIri, this::text));
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private volatile ToIntBiFunction<String, String> versionNumbers = (id, hash) -> 0;
    private volatile ChangeListener listener = new ChangeListener() {
    };

    /** Told about every contract text compiled from disk and every file that stopped compiling. */
    public interface ChangeListener {
        /**
         * A contract was compiled from its file: at start, after an admin save, or after a hand edit.
         *
         * @param previous the version in force before, or null when the store had none cached
         */
        default void loaded(String id, Path file, Contract previous, Contract current) {
        }

        /** The file changed but does not compile; {@code inForce} stays in force. */
        default void broken(String id, Path file, String problem, Contract inForce) {
        }
    }

    private record Entry(Contract contract, FileTime modified, long size, long checkedAt) {
    }

    /** The contract {@link #refresh} is handing to the listener (only read and written under this store's lock). */
    private String loadingId;
    private Contract loading;

    public ContractStore(Path dir) {
        this(dir, System::currentTimeMillis);
    }

    ContractStore(Path dir, LongSupplier clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** Installs the listener for loads and broken edits (the admin history and audit log). */
    public void setChangeListener(ChangeListener l) {
        this.listener = l;
    }

    /** Tells the store how to find a contract version's number from its id and hash (the admin history). */
    public void setVersionNumbers(ToIntBiFunction<String, String> lookup) {
        this.versionNumbers = lookup;
        // label what is cached; the cache itself stays, so an edit made from now on is seen as a change of it
        cache.replaceAll((id, e) -> new Entry(e.contract.withNumber(numberOf(id, e.contract.hash())), e.modified,
                e.size, e.checkedAt));
    }

    public Path dir() {
        return dir;
    }

    public Path file(String id) {
        return dir.resolve(id + SUFFIX);
    }

    /** Compiles every contract in the folder; fails naming the first file that does not compile. */
    public void loadAll() {
        if (!Files.isDirectory(dir)) {
            throw new InvalidContractException("contracts folder '" + dir.toAbsolutePath() + "' does not exist (contracts.dir)");
        }
        for (String id : ids()) {
            get(id);
        }
    }

    /** The ids of all contract files, sorted. */
    public List<String> ids() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(SUFFIX))
                    .map(n -> n.substring(0, n.length() - SUFFIX.length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The compiled contract for an id. Cheap on the hot path: the file's timestamp is looked at no more than once a
     * second, and the schema is recompiled only when the file really changed.
     */
    public Contract get(String id) {
        Entry e = cache.get(id);
        long now = clock.getAsLong();
        if (e != null && now - e.checkedAt < RECHECK_MILLIS) {
            return e.contract;
        }
        return refresh(id, e, now);
    }

    /** Forgets the cached copy so the next {@link #get} reads the file (used after an admin save). */
    public Contract reload(String id) {
        cache.remove(id);
        return get(id);
    }

    public void forget(String id) {
        cache.remove(id);
    }

    private synchronized Contract refresh(String id, Entry old, long now) {
        if (id.equals(loadingId)) {
            // called back from the listener of this very load (its reload listeners read the contracts in force):
            // the text being loaded, not a second load of it, which logged and recorded each hand edit twice
            return loading.withNumber(numberOf(id, loading.hash()));
        }
        Entry current = cache.get(id);
        if (current != null && current != old && now - current.checkedAt < RECHECK_MILLIS) {
            return current.contract; // another thread refreshed it meanwhile
        }
        Path file = file(id);
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (old != null && old.modified.equals(modified) && old.size == size) {
                cache.put(id, new Entry(old.contract, modified, size, now));
                return old.contract;
            }
            Contract compiled;
            try {
                if (size > ContractCompiler.MAX_BYTES) {
                    throw ContractCompiler.tooLarge(id, size); // never read whole: it could fill the heap
                }
                compiled = compiler.compile(id, Files.readString(file, StandardCharsets.UTF_8));
            } catch (InvalidContractException ex) {
                if (old != null) {
                    // a broken hand edit must not take the mapping down: keep the last good version in force
                    cache.put(id, new Entry(old.contract, modified, size, now));
                    LOG.error("Contract file {} was changed but does not load: {}; version {} stays in force", file,
                            ex.getMessage(), old.contract.hash());
                    try {
                        listener.broken(id, file, ex.getMessage(), old.contract);
                    } catch (RuntimeException e) {
                        LOG.warn("Recording the broken edit of {} failed", file, e);
                    }
                    return old.contract;
                }
                throw new InvalidContractException(ex.getMessage() + " (file " + file + ")");
            }
            if (old == null || !old.contract.hash().equals(compiled.hash())) {
                if (old != null) {
                    LOG.info("Contract {} changed on disk: {} now {} (was {})", id, file, compiled.hash(), old.contract.hash());
                }
                loadingId = id;
                loading = compiled;
                try {
                    listener.loaded(id, file, old == null ? null : old.contract, compiled);
                } catch (RuntimeException e) {
                    LOG.warn("Recording the change of {} failed", file, e);
                } finally {
                    loadingId = null;
                    loading = null;
                }
            }
            compiled = compiled.withNumber(numberOf(id, compiled.hash())); // after the listener: a hand edit is now a version
            cache.put(id, new Entry(compiled, modified, size, now));
            return compiled;
        } catch (NoSuchFileException ex) {
            if (old != null) {
                cache.put(id, new Entry(old.contract, old.modified, old.size, now));
                return old.contract;
            }
            throw new InvalidContractException("contract '" + id + "' not found: no file " + file);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot read contract file " + file, ex);
        }
    }

    /** The text of the stored contract with this id, if there is one. */
    public Optional<String> text(String id) {
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try {
            if (Files.size(file(id)) > ContractCompiler.MAX_BYTES) {
                return Optional.empty(); // not a contract (it never loads), and too large to read whole
            }
            return Optional.of(Files.readString(file(id), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The text of the stored contract whose {@code $id} is this IRI, if there is one. */
    Optional<String> textByIri(String iri) {
        for (String id : ids()) {
            Optional<String> text = text(id);
            if (text.isPresent() && iri.equals(declaredId(text.get()))) {
                return text;
            }
        }
        return Optional.empty();
    }

    private static String declaredId(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            JsonNode id = node == null ? null : node.get("$id");
            return id != null && id.isTextual() ? id.asText().replaceFirst("#$", "") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private int numberOf(String id, String hash) {
        try {
            return versionNumbers.applyAsInt(id, hash);
        } catch (RuntimeException e) {
            return 0; // an unreadable history must not stop the contract from loading
        }
    }

    /** Compiles a schema text without storing it (for checks and dry runs). */
    public Contract compile(String id, String text) {
        return compiler.compile(id, text);
    }
}
