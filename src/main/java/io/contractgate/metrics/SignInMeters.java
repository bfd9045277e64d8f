package io.contractgate.metrics;

import io.contractgate.admin.SignInThrottle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Counts refused sign-ins in {@value #NAME} ({@code reason="wrong_credentials"}: a wrong password, user name or
 * kiosk token; {@code reason="throttled"}: answered 429 unchecked), both from start at 0, and logs each address or
 * user name that reached its limit at WARN, at most {@value #BURST} lines per {@value #WINDOW_SECONDS} s
 * ({@link ThrottledLog}): a guessing run from many addresses would otherwise write a line per address.
 */
public final class SignInMeters implements SignInThrottle.Listener {

    static final String NAME = "admin_auth_refused_total";
    static final int BURST = 5;
    static final int WINDOW_SECONDS = 60;
    private static final Logger LOG = LoggerFactory.getLogger(SignInMeters.class);

    private final Counter wrong;
    private final Counter throttled;
    private final ThrottledLog log;

    public SignInMeters(MeterRegistry registry, java.util.function.LongSupplier nanoClock) {
        String help = "Sign-ins refused: wrong credentials, or answered 429 after too many (admin.sign-in.*)";
        wrong = Counter.builder("admin.auth.refused").description(help).tag("reason", "wrong_credentials")
                .register(registry);
        throttled = Counter.builder("admin.auth.refused").description(help).tag("reason", "throttled")
                .register(registry);
        log = new ThrottledLog(BURST, WINDOW_SECONDS, TimeUnit.SECONDS, NAME, nanoClock);
    }

    @Override
    public void refused() {
        wrong.increment();
    }

    @Override
    public void throttled() {
        throttled.increment();
    }

    @Override
    public void limitReached(String who, int failures, long seconds) {
        log.lines(failures + " failed sign-ins for " + who + ": its sign-ins are answered 429 for up to " + seconds
                + " s (admin.sign-in.*)").forEach(LOG::warn);
    }
}
