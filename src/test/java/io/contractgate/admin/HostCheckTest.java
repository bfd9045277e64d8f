package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostCheckTest {

    @Test
    void onLoopbackOnlyLoopbackNamesAreAnswered() {
        HostCheck check = HostCheck.of("127.0.0.1", "");

        assertThat(check.allows("localhost")).isTrue();
        assertThat(check.allows("127.0.0.1")).isTrue();
        assertThat(check.allows("127.1.2.3")).isTrue();
        assertThat(check.allows("[::1]")).isTrue();
        assertThat(check.allows("gateway.localhost")).isTrue();
        // a rebinding page's own name, resolved to 127.0.0.1 by its DNS
        assertThat(check.allows("attacker.example")).isFalse();
        assertThat(check.allows("127.0.0.1.attacker.example")).isFalse();
        assertThat(check.allows("localhost.attacker.example")).isFalse();
    }

    @Test
    void listedNamesAreAnsweredBesideLoopback() {
        HostCheck check = HostCheck.of("localhost", "gw.example.com, Proxy.Local");

        assertThat(check.allows("gw.example.com")).isTrue();
        assertThat(check.allows("proxy.local")).isTrue();
        assertThat(check.allows("localhost")).isTrue();
        assertThat(check.allows("other.example.com")).isFalse();
    }

    @Test
    void aStarOrAServerOnEveryInterfaceAnswersEveryName() {
        assertThat(HostCheck.of("127.0.0.1", "*").allows("anything.example")).isTrue();
        assertThat(HostCheck.of("0.0.0.0", "").allows("gateway.internal")).isTrue();
        assertThat(HostCheck.of("0.0.0.0", "gw.example.com").allows("gateway.internal")).isFalse();
    }

    @Test
    void aBadListIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> HostCheck.of("127.0.0.1", "gw.example.com/path"))
                .hasMessageContaining("admin.allowed-hosts");
    }
}
