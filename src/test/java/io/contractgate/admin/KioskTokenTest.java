package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wall screen's kiosk token: a viewer sign-in, never admin, never a Basic password, checked at start. */
class KioskTokenTest {

    private static final String TOKEN = "wall-screen-token-0123456789";

    private static String basic(String user, String pw) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldSignTheRightTokenInAsAViewerThatCannotWrite() {
        AccessControl ac = new AccessControl("admin", "a", "viewer", "v", TOKEN);
        AccessControl.Decision d = ac.kiosk(TOKEN);
        assertThat(d.allowed()).isTrue();
        assertThat(d.role()).isEqualTo(AccessControl.Role.VIEWER);
        assertThat(d.user()).isEqualTo(AccessControl.KIOSK_USER);
        Sessions.Session session = new Sessions.Session(d.user(), d.role(), Long.MAX_VALUE);
        assertThat(ac.decideSession("GET", session).allowed()).isTrue();
        assertThat(ac.decideSession("POST", session).status()).isEqualTo(403);
        assertThat(ac.decideSession("DELETE", session).status()).isEqualTo(403);
    }

    @Test
    void shouldRefuseAnyOtherTokenAndAnyTokenWhenKioskSignInIsOff() {
        AccessControl ac = new AccessControl("admin", "a", "viewer", "v", TOKEN);
        assertThat(ac.kiosk(TOKEN + "x").status()).isEqualTo(401);
        assertThat(ac.kiosk(TOKEN.substring(1)).status()).isEqualTo(401);
        assertThat(ac.kiosk("").status()).isEqualTo(401);
        assertThat(ac.kiosk(null).status()).isEqualTo(401);
        AccessControl off = new AccessControl("admin", "a", "viewer", "v", "");
        assertThat(off.kiosk("").status()).isEqualTo(401);
        assertThat(off.kiosk(TOKEN).status()).isEqualTo(401);
        assertThat(new AccessControl("admin", "a", "viewer", "v").kiosk(null).status()).isEqualTo(401);
    }

    @Test
    void shouldNotAcceptTheTokenAsABasicPassword() {
        AccessControl ac = new AccessControl("admin", "a", "viewer", "v", TOKEN);
        assertThat(ac.decide("GET", basic(AccessControl.KIOSK_USER, TOKEN)).status()).isEqualTo(401);
        assertThat(ac.decide("GET", basic("admin", TOKEN)).status()).isEqualTo(401);
        assertThat(ac.decide("GET", basic("viewer", TOKEN)).status()).isEqualTo(401);
    }

    @Test
    void shouldReadTheTokenAndRefuseAShortOneNamingTheKey() {
        assertThat(AdminSettings.from(Map.of("admin.password", "p", "web.kiosk-token", TOKEN)::get).kioskToken())
                .isEqualTo(TOKEN);
        assertThat(AdminSettings.from(Map.of("admin.password", "p")::get).kioskToken()).isEmpty();
        assertThatThrownBy(() -> AdminSettings.from(Map.of("admin.password", "p", "web.kiosk-token", "short")::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("web.kiosk-token must be at least 24 characters")
                .hasMessageNotContaining("short");
    }

    @Test
    void shouldRefuseATokenThatIsAlsoAPassword() {
        assertThatThrownBy(() -> AdminSettings.from(Map.of("admin.password", TOKEN, "web.kiosk-token", TOKEN)::get))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("web.kiosk-token must differ from admin.password")
                .hasMessageNotContaining(TOKEN);
        assertThatThrownBy(() -> AdminSettings.from(Map.of("admin.password", "p", "admin.viewer-password", TOKEN,
                "web.kiosk-token", TOKEN)::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
