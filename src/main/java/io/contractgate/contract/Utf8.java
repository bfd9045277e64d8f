package io.contractgate.contract;

/**
 * Strict UTF-8 (RFC 3629, Unicode table 3-7). Jackson's byte parser lets through what is not UTF-8 at all: overlong
 * forms ({@code C0 AF}), UTF-16 surrogates ({@code ED A0 80}) and code points beyond U+10FFFF; such a payload would
 * be forwarded as validated, with the publisher's payload format indicator 1 ("UTF-8") on it.
 */
final class Utf8 {

    private Utf8() {
    }

    /** Offset of the first byte that does not start a well-formed UTF-8 sequence, or -1 when all of them do. */
    static int firstInvalid(byte[] b) {
        int i = 0;
        int n = b.length;
        while (i < n) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int more;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                more = 1;
            } else if (c == 0xE0) {
                more = 2;
                lo = 0xA0; // below: overlong
            } else if (c == 0xED) {
                more = 2;
                hi = 0x9F; // above: UTF-16 surrogates
            } else if (c >= 0xE1 && c <= 0xEF) {
                more = 2;
            } else if (c == 0xF0) {
                more = 3;
                lo = 0x90; // below: overlong
            } else if (c >= 0xF1 && c <= 0xF3) {
                more = 3;
            } else if (c == 0xF4) {
                more = 3;
                hi = 0x8F; // above: beyond U+10FFFF
            } else {
                return i; // a continuation byte, C0, C1 or F5..FF
            }
            if (i + more >= n) {
                return i;
            }
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return i;
            }
            for (int k = 2; k <= more; k++) {
                if ((b[i + k] & 0xC0) != 0x80) {
                    return i;
                }
            }
            i += more + 1;
        }
        return -1;
    }
}
