package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSRF rules and the session store, without a server. */
class CrossSiteAndSessionsTest {

    private static final String ME = "http://127.0.0.1:8000";

    private static CrossSiteCheck.Refusal check(String method, String origin, String site, String type, boolean body,
                                                String requestedBy) {
        return CrossSiteCheck.check(method, ME, origin, site, type, body, requestedBy, true);
    }

    @Test
    void shouldRefuseCrossSiteChangesButNotReads() {
        assertThat(check("GET", "http://evil.example", "cross-site", null, false, null)).isNull();
        assertThat(check("POST", "http://evil.example", null, "application/json", true, null).status()).isEqualTo(403);
        assertThat(check("POST", "null", null, "application/json", true, null).status()).isEqualTo(403);
        assertThat(check("DELETE", null, "cross-site", null, false, "x").status()).isEqualTo(403);
        assertThat(check("PUT", null, "same-site", "application/json", true, null).status()).isEqualTo(403);
        assertThat(check("PUT", ME, "same-origin", "application/json; charset=utf-8", true, null)).isNull();
        assertThat(check("PUT", null, "none", "Application/JSON", true, null)).isNull();
    }

    @Test
    void shouldAskForJsonBodiesOrTheCustomHeader() {
        assertThat(check("POST", null, null, "text/plain", true, null).status()).isEqualTo(415);
        assertThat(check("POST", null, null, "application/x-www-form-urlencoded", true, "x").status()).isEqualTo(415);
        assertThat(check("POST", null, null, "multipart/form-data; boundary=x", true, null).status()).isEqualTo(415);
        assertThat(check("POST", null, null, null, false, null).message()).contains(CrossSiteCheck.REQUESTED_BY);
        assertThat(check("POST", null, null, null, false, "cli")).isNull();
        assertThat(check("POST", null, null, "application/json", false, null)).isNull();
        // the AsyncAPI import takes the YAML GET /api/asyncapi?format=yaml answers, sent as what it is (was 415)
        assertThat(check("POST", null, null, "application/yaml", true, null)).isNull();
        assertThat(check("POST", ME, "same-origin", "application/x-yaml; charset=utf-8", true, null)).isNull();
        assertThat(check("POST", "http://evil.example", null, "application/yaml", true, null).status()).isEqualTo(403);
        assertThat(check("POST", null, null, "text/plain", true, null).message()).contains("application/yaml");
        assertThat(CrossSiteCheck.check("POST", ME, null, null, "text/plain", true, null, false))
                .as("origin checks only").isNull();
    }

    @Test
    void shouldExpireIdleSessionsAndForgetClosedOnes() {
        AtomicLong clock = new AtomicLong(0);
        Sessions sessions = new Sessions(clock::get);
        String a = sessions.open("admin", AccessControl.Role.ADMIN);
        String b = sessions.open("viewer", AccessControl.Role.VIEWER);
        assertThat(a).isNotEqualTo(b).hasSizeGreaterThanOrEqualTo(43);

        clock.set(Sessions.IDLE.toMillis() - 1);
        assertThat(sessions.find(a)).hasValueSatisfying(s -> assertThat(s.role()).isEqualTo(AccessControl.Role.ADMIN));
        clock.addAndGet(Sessions.IDLE.toMillis() - 1);
        assertThat(sessions.find(a)).as("used: idle time restarted").isPresent();
        assertThat(sessions.find(b)).as("idle too long").isEmpty();
        sessions.close(a);
        assertThat(sessions.find(a)).isEmpty();
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("forged")).isEmpty();
    }

    @Test
    void shouldTellWhetherASessionIsStillOpenWithoutUsingIt() {
        AtomicLong clock = new AtomicLong(0);
        Sessions sessions = new Sessions(clock::get);
        String a = sessions.open("viewer", AccessControl.Role.VIEWER);
        String b = sessions.open("viewer", AccessControl.Role.VIEWER);
        assertThat(sessions.isOpen(a)).isTrue();
        sessions.close(a);
        assertThat(sessions.isOpen(a)).as("signed out").isFalse();
        clock.set(Sessions.IDLE.toMillis() - 1);
        assertThat(sessions.isOpen(b)).isTrue();
        clock.set(Sessions.IDLE.toMillis());
        assertThat(sessions.isOpen(b)).as("asking is not a use: the idle end stays").isFalse();
        assertThat(sessions.isOpen(null)).isFalse();
    }

    @Test
    void shouldBoundTheNumberOfSessions() {
        AtomicLong clock = new AtomicLong(0);
        Sessions sessions = new Sessions(clock::get);
        String first = sessions.open("admin", AccessControl.Role.ADMIN);
        for (int i = 0; i < Sessions.MAX + 10; i++) {
            clock.incrementAndGet();
            sessions.open("admin", AccessControl.Role.ADMIN);
        }
        assertThat(sessions.size()).isLessThanOrEqualTo(Sessions.MAX);
        assertThat(sessions.find(first)).as("the least recently used went first").isEmpty();
    }

    @Test
    void shouldDecideSessionsByRole() {
        AccessControl access = new AccessControl("admin", "a", "viewer", "v");
        Sessions.Session viewer = new Sessions.Session("viewer", AccessControl.Role.VIEWER, Long.MAX_VALUE);
        assertThat(access.decideSession("GET", viewer).allowed()).isTrue();
        assertThat(access.decideSession("POST", viewer).status()).isEqualTo(403);
        assertThat(access.authenticate("POST", "admin", "a").allowed()).isTrue();
        assertThat(access.authenticate("GET", "admin", "b").status()).isEqualTo(401);
    }
}
