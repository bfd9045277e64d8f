package io.contractgate.admin;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What another feature (the fleet's shared state) uses to put changes committed elsewhere in force on this gateway:
 * each goes through the same file writes and reloads as a change made through this API, under the same change lock,
 * without passing the {@link ChangeJournal.ChangeGate} again.
 */
public final class CommittedChanges {

    /** Registry name of this bean. */
    public static final String BEAN = "adminCommittedChanges";

    /**
     * A bean that applies changes committed elsewhere (the fleet's shared state): the admin configuration hands every
     * one in the registry this object once it is built, so neither side depends on the other's start-up order.
     */
    public interface Follower {
        void follow(CommittedChanges changes);
    }

    private final ChangeJournal journal;
    private final MappingAdmin mappings;
    private final ContractAdmin contracts;
    private final BrokerAdmin broker;
    private final AdminSettings settings;

    CommittedChanges(ChangeJournal journal, MappingAdmin mappings, ContractAdmin contracts, BrokerAdmin broker,
                     AdminSettings settings) {
        this.journal = journal;
        this.mappings = mappings;
        this.contracts = contracts;
        this.broker = broker;
        this.settings = settings;
    }

    /** Runs {@code work} under the change lock (no admin change runs meanwhile), without the gate. */
    public <T> T locally(Supplier<T> work) {
        return journal.locally(work);
    }

    /** Puts a mapping file's text in force (null: deletes the mapping); throws when its route does not come up. */
    public void mapping(String id, String text) {
        journal.locally(() -> {
            mappings.applyCommitted(id, text);
            return null;
        });
    }

    /** Puts a contract's text in force (null: removes it); throws when it does not load. */
    public void contract(String id, String text) {
        journal.locally(() -> {
            contracts.applyCommitted(id, text);
            return null;
        });
    }

    /** Puts shared broker settings in force; throws when the MQTT routes do not come up with them. */
    public void broker(Map<String, String> shared) {
        journal.locally(() -> {
            broker.applyCommitted(shared);
            return null;
        });
    }

    public Path routesDir() {
        return settings.routesDir();
    }

    public Path contractsDir() {
        return settings.contractsDir();
    }

    public Path configDir() {
        return settings.configDir();
    }
}
