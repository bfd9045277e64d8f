package io.contractgate.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeJournalTest {

    @TempDir
    Path dir;

    @Test
    void shouldNotAnswerAChangeInForceAsNotMadeWhenItsAuditEntryCannotBeAppended() throws Exception {
        Path file = dir.resolve("audit.log");
        ChangeJournal journal = new ChangeJournal(new AuditLog(file), new EventHub(), List::of);

        String answer = journal.serialised(() -> {
            try {
                // the change takes the disk's last room: the audit log, writable when it began, takes no more
                Files.deleteIfExists(file);
                Files.createDirectories(file.resolve("full"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            journal.record("alice", "contract", "c", "replace", true, "version 2");
            return "in force";
        });

        // before: a 500 saying "the change was not made" for a change that was in force
        assertThat(answer).isEqualTo("in force");
    }
}
