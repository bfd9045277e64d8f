package io.contractgate.quarantine;

/**
 * A re-drive job as stored: what it selects, how far it got and what came out. The job walks its selection in id
 * order up to {@code maxId} (rows quarantined later are not part of it); {@code cursorId} is the last id fully done,
 * so a restart continues after it.
 */
public record RedriveJob(long id, long createdAt, String createdBy, String selection, boolean includeRedriven,
                         long maxId, String state, long total, long done, long passed, long stillFailing, long skipped,
                         long cursorId, Long finishedAt, String detail) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";
}
