package io.contractgate.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * File writes that readers never see half done: a temp file in the same folder, forced to disk, then renamed over the
 * target in one step. Also the content hash used as ETag.
 */
public final class AtomicFiles {

    /** Suffix of temp files; it never ends in .camel.yaml or .schema.json, so no loader picks one up. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    public static void write(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path target, byte[] bytes) {
        write(target, bytes, false);
    }

    /**
     * The same, readable and writable by the owner only where the file system has POSIX permissions: for files that
     * may hold a secret (config/broker.properties with a password set through the admin API).
     */
    public static void writeOwnerOnly(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8), true);
    }

    private static void write(Path target, byte[] bytes, boolean ownerOnly) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = tempFile(target);
        try {
            Files.createDirectories(dir);
            Files.deleteIfExists(tmp);
            if (ownerOnly && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // created with these permissions, so the content is never readable by others, not even briefly
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(tmp, bytes);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort; the name cannot be picked up by a loader
            }
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /** The temp file a write of {@code target} from this thread goes through (beside it, hidden, never loaded). */
    static Path tempFile(Path target) {
        return target.toAbsolutePath().getParent().resolve("." + target.getFileName() + "."
                + ProcessHandle.current().pid() + "-" + Thread.currentThread().getId() + TEMP_SUFFIX);
    }

    /** Renames atomically, replacing the target. */
    public static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Quoted strong ETag of a content: the first 16 hex digits of its SHA-256. */
    public static String etag(String text) {
        return "\"" + sha256(text).substring(0, 16) + "\"";
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether an If-Match header allows a write to a resource whose current ETag is {@code current} (null: the
     * resource does not exist). No header always allows.
     */
    public static boolean ifMatchAllows(String ifMatch, String current) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return true;
        }
        if (ifMatch.trim().equals("*")) {
            return current != null;
        }
        for (String tag : ifMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(current)) {
                return true;
            }
        }
        return false;
    }
}
