package io.contractgate.admin;

import io.contractgate.contract.Contract;
import io.contractgate.contract.ContractStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Contract files edited by hand (an editor, git pull, Kaoto): a text loaded from disk that is not the newest version
 * in the history becomes a version with author {@value #AUTHOR_FILE}, audited. A file that predates the admin API and
 * was never changed stays the "original file" with no history. Never takes the change lock: it runs inside the
 * store's refresh, which an admin save may be waiting for.
 */
public final class ContractHandEdits implements ContractStore.ChangeListener {

    /** The author of versions that came from the file on disk. */
    public static final String AUTHOR_FILE = "file";
    private static final Logger LOG = LoggerFactory.getLogger(ContractHandEdits.class);

    private final ContractStore contracts;
    private final ContractVersions versions;
    private final ChangeJournal journal;
    private final Set<String> brokenNew = ConcurrentHashMap.newKeySet();

    public ContractHandEdits(ContractStore contracts, ContractVersions versions, ChangeJournal journal) {
        this.contracts = contracts;
        this.versions = versions;
        this.journal = journal;
    }

    @Override
    public void loaded(String id, Path file, Contract previous, Contract current) {
        List<ContractVersions.Version> all = versions.list(id);
        if (all.isEmpty() && previous == null) {
            return; // the original file, as the gateway found it at start
        }
        if (!all.isEmpty() && all.get(all.size() - 1).hash().equals(current.hash())) {
            return; // saved through the admin API: already the newest version
        }
        ContractVersions.Version v = versions.record(id, previous == null ? null : previous.source(),
                current.source(), AUTHOR_FILE, "hand edit");
        journal.record(AUTHOR_FILE, "contract", id, "hand edit", true, "version " + v.version() + " " + current.hash()
                + " from " + file);
        journal.notifyListeners("contract", true);
        journal.broadcast("contract", id, "hand edit");
    }

    @Override
    public void broken(String id, Path file, String problem, Contract inForce) {
        int n = versions.versionOf(id, inForce.hash());
        journal.record(AUTHOR_FILE, "contract", id, "hand edit", false, "file " + file + " does not load: " + problem
                + "; " + (n > 0 ? "version " + n + " " : "") + inForce.hash() + " stays in force");
        journal.notifyListeners("contract", false);
    }

    /**
     * At start: a contract file whose text is not the newest version in its history was edited while the gateway was
     * stopped (e.g. a git pull); it becomes a version by "file" like any hand edit.
     */
    public void recordEditsMadeWhileStopped() {
        for (String id : contracts.ids()) {
            try {
                loaded(id, contracts.file(id), null, contracts.get(id));
            } catch (RuntimeException e) {
                // a file that does not load was already refused at start, or is reported by the scan
            }
        }
    }

    /** Looks at every contract file (at most once a second each), so hand edits are noticed without traffic. */
    public void scanContracts() {
        for (String id : contracts.ids()) {
            try {
                contracts.get(id);
            } catch (RuntimeException e) {
                // a new file that never compiled: reported once per problem, not every scan
                if (brokenNew.add(id + "\n" + e.getMessage())) {
                    LOG.error("Contract file {} does not load: {}", contracts.file(id), e.getMessage());
                    journal.record(AUTHOR_FILE, "contract", id, "hand edit", false, e.getMessage());
                }
            }
        }
    }
}
