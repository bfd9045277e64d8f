package io.contractgate.contract;

import io.contractgate.mqtt.TopicPattern;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one registry of the per-message parameters of every running mapping (contract, output topics, sensor field).
 * A mapping route registers its parameters when it starts; the contract check and the output-topic steps read them per
 * message; a live edit of a mapping is an update here, seen from the next message on. Plain Java, thread-safe.
 */
public final class MappingParameters {

    /** What a live edit may change without touching the subscription; replaced as one unit. */
    public record Parameters(String contractId, TopicPattern validatedTopic, TopicPattern failedTopic,
                             String sensorIdField) {

        public static Parameters of(String contractId, String validatedTopic, String failedTopic, String sensorIdField) {
            return new Parameters(contractId, new TopicPattern(validatedTopic), new TopicPattern(failedTopic),
                    sensorIdField);
        }
    }

    /** One running mapping's parameters: its steps keep the entry and read it per message (one volatile read). */
    public static final class Entry {
        private volatile Parameters current;

        private Entry(Parameters initial) {
            this.current = initial;
        }

        public Parameters get() {
            return current;
        }
    }

    private final ConcurrentHashMap<String, Entry> running = new ConcurrentHashMap<>();
    private final List<Consumer<String>> started = new CopyOnWriteArrayList<>();

    /**
     * Tells {@code listener} the id of every mapping route that starts from now on (at start-up, and when the admin
     * API adds or reloads one): per-mapping meters exist at 0 before the first message.
     */
    public void onStart(Consumer<String> listener) {
        started.add(listener);
    }

    /** A mapping route starts with these parameters (its template's); returns the entry its steps read. */
    public Entry register(String mappingId, Parameters initial) {
        Entry e = new Entry(initial);
        running.put(mappingId, e);
        started.forEach(l -> l.accept(mappingId));
        return e;
    }

    /** The mapping route stopped; a newer route of the same mapping keeps its own entry. */
    public void unregister(String mappingId, Entry entry) {
        running.remove(mappingId, entry);
    }

    /** Applies a live edit to a running mapping from its next message on; false when the mapping is not running. */
    public boolean update(String mappingId, Parameters next) {
        Entry e = running.get(mappingId);
        if (e == null) {
            return false;
        }
        e.current = next;
        return true;
    }

    /** The parameters in force for a running mapping. */
    public Optional<Parameters> get(String mappingId) {
        return Optional.ofNullable(running.get(mappingId)).map(Entry::get);
    }

    /** The entry of a running mapping, for steps that read it per message. */
    public Optional<Entry> entry(String mappingId) {
        return Optional.ofNullable(running.get(mappingId));
    }
}
