package io.contractgate.breaker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Circuit breaker for a bad contract: watches each mapping's message counts and the contract version in force; when
 * a version change is followed (at any tick within {@code windowSeconds}, once at least {@code minCount} messages
 * came after it) by a failure ratio that is {@code ratioJump} or more above the ratio of the window before the
 * change, it trips: the listener is
 * told once (alert, metric, banner, optional rollback) and the trip stays open until rolled back or dismissed.
 * Driven by {@link #tick}; reads counters the pipeline keeps anyway, so it costs nothing per message.
 */
public final class ContractBreaker {

    /** The {@code contracts.breaker.*} settings and {@code contracts.auto-rollback}. */
    public record Settings(int windowSeconds, long minCount, double ratioJump, boolean autoRollback) {
    }

    /** Counts and contract version of one mapping at one moment. */
    public record Reading(long validated, long failed, String contractId, String version) {
    }

    /** An open trip. */
    public record Trip(String mapping, String contractId, String fromVersion, String toVersion, double ratioBefore,
                       double ratioAfter, long messages, long at) {
    }

    private record Sample(long at, long validated, long failed) {
    }

    private record Change(long at, String contractId, String from, String to, double before, long validated, long failed) {
    }

    private final Settings settings;
    private final Consumer<Trip> listener;
    private final Map<String, Deque<Sample>> history = new HashMap<>();
    private final Map<String, String> versions = new HashMap<>();
    private final Map<String, Change> pending = new HashMap<>();
    private final Map<String, Trip> open = new ConcurrentHashMap<>();

    public ContractBreaker(Settings settings, Consumer<Trip> listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** One observation of every mapping at {@code now} (epoch ms). */
    public synchronized void tick(long now, Map<String, Reading> readings) {
        long windowMs = settings.windowSeconds() * 1000L;
        for (Map.Entry<String, Reading> e : readings.entrySet()) {
            String mapping = e.getKey();
            Reading r = e.getValue();
            Deque<Sample> h = history.computeIfAbsent(mapping, m -> new ArrayDeque<>());
            String last = versions.put(mapping, r.version());
            if (last != null && r.version() != null && !last.equals(r.version()) && !h.isEmpty()) {
                // the change happened since the previous tick: that tick closes "before", its counts open "after"
                Sample prev = h.peekLast();
                Reading atChange = new Reading(prev.validated(), prev.failed(), r.contractId(), last);
                pending.put(mapping, new Change(now, r.contractId(), last, r.version(),
                        ratioSince(h, now - windowMs, atChange), prev.validated(), prev.failed()));
            }
            h.addLast(new Sample(now, r.validated(), r.failed()));
            while (h.size() > 1 && h.peekFirst().at() < now - windowMs) {
                h.removeFirst();
            }
            Change c = pending.get(mapping);
            if (c == null) {
                continue;
            }
            long v = r.validated() - c.validated();
            long f = r.failed() - c.failed();
            // judged at every tick of the window once min-count messages came after the change: messages still in
            // the pipeline at the change (validated under the old version) must not hide a jump that the next ones show
            double after = v + f == 0 ? 0 : (double) f / (v + f);
            if (v + f >= settings.minCount() && after - c.before() >= settings.ratioJump()) {
                pending.remove(mapping);
                Trip t = new Trip(mapping, c.contractId(), c.from(), c.to(), c.before(), after, v + f, now);
                open.put(mapping, t);
                listener.accept(t);
            } else if (now - c.at() > windowMs) {
                pending.remove(mapping); // the window is over: no jump, or too little traffic to judge
            }
        }
    }

    /** The failure ratio from the oldest sample at or after {@code since} up to the current reading; 0 without data. */
    private static double ratioSince(Deque<Sample> h, long since, Reading now) {
        Sample first = null;
        for (Sample s : h) {
            if (s.at() >= since) {
                first = s;
                break;
            }
        }
        if (first == null) {
            return 0;
        }
        long v = now.validated() - first.validated();
        long f = now.failed() - first.failed();
        return v + f == 0 ? 0 : (double) f / (v + f);
    }

    /** The contract version each mapping was last seen with. */
    public synchronized Map<String, String> watching() {
        return new HashMap<>(versions);
    }

    public List<Trip> open() {
        return new ArrayList<>(open.values());
    }

    public Optional<Trip> open(String mapping) {
        return Optional.ofNullable(open.get(mapping));
    }

    /** Closes a trip (rolled back or dismissed). */
    public Optional<Trip> close(String mapping) {
        return Optional.ofNullable(open.remove(mapping));
    }

    public Settings settings() {
        return settings;
    }
}
