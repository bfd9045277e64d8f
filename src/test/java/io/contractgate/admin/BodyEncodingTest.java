package io.contractgate.admin;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BodyEncodingTest {

    @Test
    void shouldNameTheFirstByteThatIsNotUtf8() {
        assertThat(BodyEncoding.firstInvalidByte("{\"a\":\"caf\u00e9 \u20ac \ud83d\ude00\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(-1);
        assertThat(BodyEncoding.firstInvalidByte(new byte[0])).isEqualTo(-1);
        assertThat(BodyEncoding.firstInvalidByte("{\"a\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1))).isEqualTo(9);
        // a sequence cut short at the end, an overlong encoding of '/', a lone surrogate (ED A0 80)
        assertThat(BodyEncoding.firstInvalidByte(new byte[] {'"', (byte) 0xC3})).isEqualTo(1);
        assertThat(BodyEncoding.firstInvalidByte(new byte[] {'a', 'b', (byte) 0xC0, (byte) 0xAF})).isEqualTo(2);
        assertThat(BodyEncoding.firstInvalidByte(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo(0);
        // past the decoder's first buffer
        byte[] long1 = ("\"" + "x".repeat(20_000) + "\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(BodyEncoding.firstInvalidByte(long1)).isEqualTo(20_001);
    }

    @Test
    void shouldCheckChangingRequestsButNotTheDryRunPayloads() {
        assertThat(BodyEncoding.checked("PUT", "/api/contracts/c1")).isTrue();
        assertThat(BodyEncoding.checked("POST", "/api/contracts/test")).isTrue(); // schema and payload inside JSON
        assertThat(BodyEncoding.checked("POST", "/api/quarantine/redrives")).isTrue();
        assertThat(BodyEncoding.checked("POST", "/api/contracts/c1/test")).isFalse();
        assertThat(BodyEncoding.checked("POST", "/api/mappings/m1/test")).isFalse();
        assertThat(BodyEncoding.checked("GET", "/api/contracts/c1")).isFalse();
        assertThat(BodyEncoding.checked("POST", "/observe/jolokia")).isFalse(); // not the admin API
    }
}
