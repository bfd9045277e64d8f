package io.contractgate.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Admin request bodies are JSON, and JSON is UTF-8 (RFC 8259 8.1): a body with a byte sequence that is not UTF-8 is
 * refused naming the first such byte, because the REST binding reads bodies as text and would silently replace it
 * with U+FFFD (a contract or setting saved with a character the client never sent). The dry-run bodies are the
 * exception: they are payloads, judged byte for byte as the pipeline judges a message ({@code invalid_json} for bad
 * UTF-8), so they pass as sent.
 */
public final class BodyEncoding {

    /** {@code POST /api/contracts/{id}/test} and {@code /api/mappings/{id}/test}: the body is a payload. */
    private static final Pattern PAYLOAD_PATHS = Pattern.compile("/api/(contracts|mappings)/[^/]+/test");

    private BodyEncoding() {
    }

    /** Whether the body of this request must be UTF-8 text (every changing request under /api but the dry runs). */
    public static boolean checked(String method, String path) {
        return path.startsWith("/api/") && !AccessControl.isRead(method) && !PAYLOAD_PATHS.matcher(path).matches();
    }

    /** The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1 when there is none. */
    public static long firstInvalidByte(byte[] body) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(Math.min(body.length + 1, 8192));
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isUnderflow()) {
                return -1;
            }
            out.clear(); // overflow: the text itself is not needed
        }
    }

    /** The error message for a body whose first invalid byte is at {@code offset}. */
    public static String message(long offset) {
        return "the request body is not valid UTF-8 at byte " + offset + " (JSON must be UTF-8, RFC 8259)";
    }
}
