package io.contractgate.testing;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Seeded generators of hostile inputs for the fuzz tests: random bytes, random JSON-ish text, and mutations of a valid
 * document (byte flips, cuts, insertions of structural characters, odd values, deep nesting, BOM, bad UTF-8).
 */
public final class Fuzz {

    private static final String[] TOKENS = {"{", "}", "[", "]", ",", ":", "\"", "\\", "null", "true", "-0", "1e999",
            "-1e-999", "123456789012345678901234567890", "\"\\ud800\"", "\"\\u0000\"", "NaN", "Infinity", "//", "/*",
            "'", "\u00e9", "\ud83d\ude00", "\u2028", "\"$ref\"", "\"file:///etc/hostname\"", "\"^(a+)+$\"", " ", "\n"};

    private final Random random;

    public Fuzz(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** One hostile input: random, or a mutation of {@code valid} (most of them, as those get furthest). */
    public byte[] next(String valid) {
        return switch (random.nextInt(10)) {
            case 0 -> randomBytes(random.nextInt(300));
            case 1 -> randomTokens(1 + random.nextInt(40)).getBytes(StandardCharsets.UTF_8);
            case 2 -> nested(random.nextInt(3) == 0 ? 5000 : 1 + random.nextInt(100));
            default -> mutate(valid.getBytes(StandardCharsets.UTF_8), 1 + random.nextInt(4));
        };
    }

    /** A mutation of a valid JSON text, as text (for endpoints that take a JSON body). */
    public String nextText(String valid) {
        return new String(next(valid), StandardCharsets.UTF_8);
    }

    public byte[] mutate(byte[] in, int times) {
        byte[] b = in;
        for (int i = 0; i < times; i++) {
            b = mutateOnce(b);
        }
        return b;
    }

    private byte[] mutateOnce(byte[] b) {
        if (b.length == 0) {
            return randomTokens(3).getBytes(StandardCharsets.UTF_8);
        }
        int at = random.nextInt(b.length);
        return switch (random.nextInt(8)) {
            case 0 -> { // flip a bit
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << random.nextInt(8));
                yield c;
            }
            case 1 -> java.util.Arrays.copyOf(b, at); // cut
            case 2 -> splice(b, at, at, TOKENS[random.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            case 3 -> splice(b, at, Math.min(b.length, at + 1 + random.nextInt(8)), new byte[0]); // delete
            case 4 -> splice(b, at, at, b); // duplicate (keys, objects)
            case 5 -> splice(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, 3, 3, b); // BOM in front
            case 6 -> splice(b, at, at, new byte[] {(byte) 0xC3}); // broken UTF-8
            default -> splice(b, at, at, ("\"" + "x".repeat(random.nextInt(2000)) + "\"").getBytes(StandardCharsets.UTF_8));
        };
    }

    private static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        byte[] out = new byte[b.length - (to - from) + insert.length];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(b, to, out, from + insert.length, b.length - to);
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private String randomTokens(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return s.toString();
    }

    private static byte[] nested(int depth) {
        return ("{\"a\":".repeat(depth) + "1" + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8);
    }
}
