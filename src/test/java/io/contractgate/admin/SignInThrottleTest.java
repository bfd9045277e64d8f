package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Wrong credentials per address and per user name, the 429 window, its end, and the memory bound. */
class SignInThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<String> events = new ArrayList<>();
    private final SignInThrottle.Listener listener = new SignInThrottle.Listener() {
        @Override
        public void refused() {
            events.add("refused");
        }

        @Override
        public void throttled() {
            events.add("throttled");
        }

        @Override
        public void limitReached(String who, int failures, long seconds) {
            events.add(who + " " + failures + " " + seconds);
        }
    };

    private SignInThrottle throttle(int perAddress, int perUser, int window) {
        return new SignInThrottle(new SignInThrottle.Limits(perAddress, perUser, window), "admin"::equals,
                List.of(listener), now::get);
    }

    @Test
    void shouldAnswerWaitAfterTheAddressReachedItsLimitUntilTheWindowEnds() {
        SignInThrottle t = throttle(3, 0, 60);
        for (int i = 0; i < 2; i++) {
            t.failed("10.0.0.7", "u" + i);
            assertThat(t.retryAfterSeconds("10.0.0.7", "admin")).isZero();
        }
        now.addAndGet(10_000);
        t.failed("10.0.0.7", "u2");

        assertThat(t.retryAfterSeconds("10.0.0.7", "admin")).as("window opened 10 s ago by the first failure")
                .isEqualTo(50);
        assertThat(t.retryAfterSeconds("10.0.0.8", "admin")).as("another address").isZero();
        assertThat(events).contains("address 10.0.0.7 3 60").containsOnlyOnce("throttled");

        now.addAndGet(49_500);
        assertThat(t.retryAfterSeconds("10.0.0.7", "admin")).isEqualTo(1);
        now.addAndGet(500);
        assertThat(t.retryAfterSeconds("10.0.0.7", "admin")).as("the window ended").isZero();
    }

    @Test
    void shouldThrottleAUserNameGuessedFromManyAddresses() {
        SignInThrottle t = throttle(10, 4, 60);
        for (int i = 0; i < 4; i++) {
            t.failed("10.0.1." + i, "admin");
        }
        assertThat(t.retryAfterSeconds("192.168.5.5", "admin")).isEqualTo(60);
        assertThat(t.retryAfterSeconds("192.168.5.5", "viewer")).isZero();
        assertThat(t.retryAfterSeconds("192.168.5.5", null)).isZero();
        assertThat(events).contains("user name 'admin' 4 60");
    }

    @Test
    void shouldNotNameAUserNameThatIsNotAnAccountButStillCountIt() {
        SignInThrottle t = throttle(10, 2, 60);
        t.failed("10.0.0.1", "hunter2-typed-as-name");
        t.failed("10.0.0.2", "hunter2-typed-as-name");

        assertThat(t.retryAfterSeconds("10.0.0.3", "hunter2-typed-as-name")).as("429 does not tell names apart")
                .isPositive();
        assertThat(events).contains("a user name that is not an account 2 60")
                .noneMatch(e -> e.contains("hunter2"));
    }

    @Test
    void shouldForgetTheFailuresOfANameThatSignedInRightButNotOfItsAddress() {
        SignInThrottle t = throttle(5, 3, 60);
        t.failed("10.0.0.7", "admin");
        t.failed("10.0.0.7", "admin");
        t.succeeded("admin");
        t.failed("10.0.0.8", "admin");
        t.failed("10.0.0.8", "admin");

        assertThat(t.retryAfterSeconds("10.0.0.9", "admin")).as("2 since the right sign-in").isZero();
        assertThat(events).containsExactly("refused", "refused", "refused", "refused");

        t.failed("10.0.0.7", "viewer");
        t.failed("10.0.0.7", "viewer");
        t.succeeded("viewer");
        t.failed("10.0.0.7", "other");
        assertThat(t.retryAfterSeconds("10.0.0.7", "viewer")).as("a right sign-in buys the address no guesses")
                .isPositive();
    }

    @Test
    void shouldCountAnIpv6ClientByItsSlash64AndAMappedIpv4AsItsIpv4() {
        SignInThrottle t = throttle(2, 0, 60);
        t.failed("2001:db8:1:2::1", null);
        t.failed("[2001:db8:1:2:ffff:0:0:99]", null);

        assertThat(t.retryAfterSeconds("2001:db8:1:2:abcd::5", null)).isPositive();
        assertThat(t.retryAfterSeconds("2001:db8:1:3::1", null)).as("another /64").isZero();
        assertThat(SignInThrottle.addressKey("::ffff:10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(SignInThrottle.addressKey("10.1.2.3")).isEqualTo("10.1.2.3");
        assertThat(SignInThrottle.addressKey("2001:db8:1:2::1")).isEqualTo("2001:db8:1:2::/64");
    }

    @Test
    void shouldKeepAtMostTheBoundOfAddressesAndNamesForgettingTheOldestFirst() {
        SignInThrottle t = throttle(1, 1, 60);
        t.failed("10.9.9.9", "first-name");
        for (int i = 0; i < SignInThrottle.MAX_KEYS + 500; i++) {
            t.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "name" + i);
        }

        assertThat(t.remembered()).isEqualTo(2 * SignInThrottle.MAX_KEYS);
        assertThat(t.retryAfterSeconds("10.9.9.9", "first-name")).as("the oldest were forgotten").isZero();
        assertThat(t.retryAfterSeconds("10.0.39.0", "name9984")).as("a recent one is still counted").isPositive();
    }

    @Test
    void shouldForgetExpiredCountsAndCountNothingWhenTheLimitsAreOff() {
        SignInThrottle t = throttle(5, 5, 1);
        t.failed("10.0.0.1", "admin");
        now.addAndGet(1_000);
        t.retryAfterSeconds("10.0.0.2", "x");
        assertThat(t.remembered()).isZero();

        SignInThrottle off = throttle(0, 0, 60);
        for (int i = 0; i < 100; i++) {
            off.failed("10.0.0.1", "admin");
        }
        assertThat(off.retryAfterSeconds("10.0.0.1", "admin")).isZero();
        assertThat(off.remembered()).isZero();
        assertThatThrownBy(() -> new SignInThrottle.Limits(-1, 1, 60)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SignInThrottle.Limits(1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
