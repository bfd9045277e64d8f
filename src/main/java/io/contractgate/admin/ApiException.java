package io.contractgate.admin;

/**
 * A request the admin API refuses: the HTTP status, a message for the operator and the request field at fault.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String field;
    private final Object details;

    public ApiException(int status, String message, String field) {
        this(status, message, field, null);
    }

    /** With extra JSON-serialisable details sent beside the error (e.g. the reasons a change breaks compatibility). */
    public ApiException(int status, String message, String field, Object details) {
        super(message);
        this.status = status;
        this.field = field;
        this.details = details;
    }

    /**
     * 503 for a database the answer needs and cannot reach, naming the setting of its address: the pipeline goes on
     * meanwhile, only what the database holds is out of reach.
     */
    public static ApiException databaseUnreachable(String database, String urlKey, String reason) {
        return new ApiException(503, "the " + database + " database is unreachable (" + urlKey + "): " + reason, null);
    }

    /**
     * 500 for a change the gateway could not write to its folders (read-only, not its owner's), 507 when the disk or
     * quota is full: what it could not write and why, from the file operation that failed ({@code cannot write
     * routes/mapping-a.camel.yaml: permission denied}), instead of a bare "internal error".
     */
    public static ApiException notSaved(java.io.UncheckedIOException e, String outcome) {
        return new ApiException(noSpace(e) ? INSUFFICIENT_STORAGE : 500,
                e.getMessage() + ": " + reason(e.getCause()) + "; " + outcome, null);
    }

    /** 507 Insufficient Storage: the disk (or the user's quota) is full; the same request succeeds once there is room. */
    public static final int INSUFFICIENT_STORAGE = 507;

    /** Whether a file operation failed because the disk or the quota is full (ENOSPC, EDQUOT). */
    static boolean noSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof java.nio.file.FileSystemException f ? f.getReason() : t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Why a file operation failed, in words: permission denied, read-only file system, no space left on device. */
    static String reason(java.io.IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or folder " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, message, field);
    }

    public static ApiException notFound(String field, String message) {
        return new ApiException(404, message, field);
    }

    public static ApiException conflict(String field, String message) {
        return new ApiException(409, message, field);
    }

    public int status() {
        return status;
    }

    /** Extra details for the error body under "reasons", or null. */
    public Object details() {
        return details;
    }

    /** The request field the problem is about, or null when it concerns the request as a whole. */
    public String field() {
        return field;
    }
}
