package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a HEAD may forward into the GET it is answered by, without a server. */
class HeadAsGetTest {

    @Test
    void shouldRefuseTargetsAndHeaderValuesThatWouldAddLinesToTheGet() {
        assertThat(HeadAsGet.fitsHttp1("/api/status?x=1&y=%20", false)).isTrue();
        assertThat(HeadAsGet.fitsHttp1("/api/mappings HTTP/1.1", false)).as("space in the target").isFalse();
        assertThat(HeadAsGet.fitsHttp1("/a\r\nAuthorization: x", false)).isFalse();
        assertThat(HeadAsGet.fitsHttp1("/caf\u00e9", false)).as("not ASCII").isFalse();
        assertThat(HeadAsGet.fitsHttp1("text/html, */*;q=0.8\tcaf\u00e9", true)).isTrue();
        assertThat(HeadAsGet.fitsHttp1("b\r\nAuthorization: Basic x", true)).isFalse();
        assertThat(HeadAsGet.fitsHttp1("b\nX: y", true)).isFalse();
        assertThat(HeadAsGet.fitsHttp1("nul\u0000", true)).isFalse();
    }
}
