package io.contractgate.admin;

import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fan-out of server events (type + JSON data) to subscribers, each with its own bounded queue. A subscriber whose
 * queue is full is dropped instead of slowing the publisher: publishing never blocks. Event types are free strings
 * ({@code config_updated} today; live messages for the dashboard can be published as another type by anyone holding
 * the hub, and subscribers choose the types they want).
 */
public final class EventHub {

    /** Bound of each subscriber's queue. */
    public static final int DEFAULT_QUEUE = 256;

    /** One event: its type (the SSE {@code event:} name) and its data as one line of JSON. */
    public record Event(String type, String json) {
        /** The Server-Sent-Events frame. */
        public String frame() {
            return "event: " + type + "\ndata: " + json + "\n\n";
        }
    }

    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();
    /** The types some feature publishes (declared at start), so a subscriber asking for another is told. */
    private final Set<String> declared = new java.util.concurrent.ConcurrentSkipListSet<>();
    private final int queueSize;

    public EventHub() {
        this(DEFAULT_QUEUE);
    }

    public EventHub(int queueSize) {
        this.queueSize = queueSize;
    }

    /** Says that {@code type} may be published (a feature declares its types at start, also when it is off). */
    public void declare(String type) {
        declared.add(type);
    }

    /** The declared event types, in name order. */
    public java.util.List<String> declaredTypes() {
        return java.util.List.copyOf(declared);
    }

    /**
     * Subscribes. {@code wake} runs (on the publisher's thread, so it must only schedule work) whenever events are
     * queued; {@code dropped} runs once when the subscriber is dropped for being too slow.
     *
     * @param types event types wanted; empty means all
     */
    public Subscription subscribe(Set<String> types, Runnable wake, Runnable dropped) {
        Subscription s = new Subscription(types, wake, dropped, queueSize);
        subscriptions.add(s);
        return s;
    }

    /** Queues an event for every interested subscriber; never blocks. Declares {@code type} if it was not. */
    public void publish(String type, String json) {
        if (!declared.contains(type)) {
            declared.add(type);
        }
        Event e = new Event(type, json);
        for (Subscription s : subscriptions) {
            if (!s.types.isEmpty() && !s.types.contains(type)) {
                continue;
            }
            if (s.queue.offer(e)) {
                s.wake.run();
            } else {
                subscriptions.remove(s);
                s.drop();
            }
        }
    }

    public int subscriberCount() {
        return subscriptions.size();
    }

    /** One subscriber's queue. */
    public final class Subscription implements AutoCloseable {
        private final Set<String> types;
        private final Runnable wake;
        private final Runnable dropped;
        private final ArrayBlockingQueue<Event> queue;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Subscription(Set<String> types, Runnable wake, Runnable dropped, int size) {
            this.types = Set.copyOf(types);
            this.wake = wake;
            this.dropped = dropped;
            this.queue = new ArrayBlockingQueue<>(size);
        }

        /** The next queued event, or null. */
        public Event poll() {
            return queue.poll();
        }

        public boolean isClosed() {
            return closed.get();
        }

        private void drop() {
            if (closed.compareAndSet(false, true)) {
                queue.clear();
                dropped.run();
            }
        }

        @Override
        public void close() {
            closed.set(true);
            subscriptions.remove(this);
            queue.clear();
        }
    }
}
