package io.contractgate.admin;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseHeadersTest {

    @Test
    void shouldDropHeadersAnApiAnswerCopiedFromTheRequestAndKeepItsOwn() {
        MultiMap h = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json").add("ETag", "\"1\"").add("Allow", "GET")
                .add("Set-Cookie", "cg_session=planted").add("Location", "http://evil.example/")
                .add("X-Frame-Options", "ALLOWALL").add("foo", "bar").add(HttpGuard.USER_HEADER, "admin");
        ResponseHeaders.apply("/api/openapi.json", h);
        assertThat(h.names()).containsExactlyInAnyOrder("Content-Type", "ETag", "Allow", "X-Frame-Options",
                "X-Content-Type-Options", "Referrer-Policy", "Cache-Control", "Content-Security-Policy");
        assertThat(h.get("X-Frame-Options")).as("the API never writes it: a copied one is replaced").isEqualTo("DENY");
        assertThat(h.get("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void shouldAddTheDefaultsEverywhereButKeepWhatAPageSets() {
        MultiMap page = MultiMap.caseInsensitiveMultiMap().add("Cache-Control", "no-cache")
                .add("Content-Security-Policy", "default-src 'self'").add("Last-Modified", "x");
        ResponseHeaders.apply("/admin", page);
        assertThat(page.get("Cache-Control")).isEqualTo("no-cache");
        assertThat(page.get("Content-Security-Policy")).isEqualTo("default-src 'self'");
        assertThat(page.get("Last-Modified")).as("only /api answers are trimmed").isEqualTo("x");
        assertThat(page.get("X-Content-Type-Options")).isEqualTo("nosniff");

        MultiMap metrics = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain");
        ResponseHeaders.apply("/metrics", metrics);
        assertThat(metrics.get("Cache-Control")).isEqualTo("no-store");
        assertThat(metrics.get("X-Frame-Options")).isEqualTo("DENY");
        assertThat(metrics.get("Content-Security-Policy")).isEqualTo(ResponseHeaders.API_CSP);
    }
}
