package io.contractgate.fleet;

import java.time.Duration;
import java.time.Instant;

/**
 * One gateway of the fleet as it last reported itself, and how it stands against the configuration version in
 * force: {@code current}, {@code behind} (has not applied the newest version) or {@code silent} (stopped reporting).
 * Plain logic; the times are the database's clock, so gateways with skewed clocks are judged alike.
 */
public record FleetMember(String id, String appVersion, String host, Instant started, Instant lastSeen,
                          int mappingsRunning, long configVersion, String problem) {

    public static final String CURRENT = "current";
    public static final String BEHIND = "behind";
    public static final String SILENT = "silent";

    /**
     * The member's state at {@code now}: silent when its last report is older than {@code silentAfter} heartbeats,
     * else behind when it applied an older configuration version than {@code inForce}, else current.
     */
    public String state(long inForce, Instant now, Duration heartbeat, int silentAfter) {
        if (lastSeen == null || lastSeen.isBefore(now.minus(heartbeat.multipliedBy(silentAfter)))) {
            return SILENT;
        }
        return behind(configVersion, inForce) ? BEHIND : CURRENT;
    }

    /** Whether a gateway that applied version {@code applied} still has to apply {@code inForce}. */
    public static boolean behind(long applied, long inForce) {
        return applied < inForce;
    }
}
