package io.contractgate.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The shared benchmark's message generator, copied unchanged from /work/shared/bench/harness (bench.Workload) so the
 * JMH benchmarks check the same byte-identical mix as bench/run.sh (80 % valid, 20 % broken of five kinds).
 * Deterministic workload: message i depends only on (seed, i, scenario), so every pipeline
 * sees byte-identical inputs. See WORKLOAD.md for the documented mix.
 */
public final class Workload {

    public static final String[] TOPICS = {"sensors/sensor1", "sensors/sensor2"};

    public static final int VALID = 0, WRONG_TYPE = 1, OUT_OF_RANGE = 2, MISSING_REQUIRED = 3,
            EXTRA_FIELD = 4, MALFORMED_JSON = 5;
    public static final String[] KIND_NAMES = {"valid", "wrong_type", "out_of_range",
            "missing_required", "extra_field", "malformed_json"};

    public final byte[] sensor;   // 0 = sensor1, 1 = sensor2
    public final byte[] kind;     // one of the constants above
    public final byte[][] payload;

    /**
     * @param manyIds false: sensor_id drawn from 10 fixed ids per sensor type (realistic metric
     *                cardinality; the sequence number travels only in MQTT 5 properties).
     *                true: sensor_id = "s1-q%08d"/"s2-q%08d" of the sequence number, unique per
     *                message, so outputs can be matched from the payload / error report alone.
     */
    public Workload(long seed, int total, boolean manyIds) {
        this(seed, total, manyIds, 0);
    }

    /**
     * @param seqBase added to the index to form the on-the-wire sequence number (and, in
     *                many-ids, the sensor_id token), so that stragglers from an earlier run can
     *                never be matched to this run. Message content otherwise depends on the
     *                index only.
     */
    public Workload(long seed, int total, boolean manyIds, int seqBase) {
        sensor = new byte[total];
        kind = new byte[total];
        payload = new byte[total][];
        for (int i = 0; i < total; i++) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
            int s = r.nextInt(2);
            int u = r.nextInt(100);
            int k = u < 80 ? VALID : 1 + (u - 80) / 4;   // 80% valid, 4% each invalid kind
            String id;
            if (manyIds) {
                id = String.format(Locale.ROOT, "s%d-q%08d", s + 1, seqBase + i);
            } else {
                id = s == 0 ? String.format(Locale.ROOT, "s1-%04d", 40 + r.nextInt(10))
                            : "s2-" + r.nextInt(10);
            }
            sensor[i] = (byte) s;
            kind[i] = (byte) k;
            payload[i] = (s == 0 ? sensor1(r, id, k, i) : sensor2(r, id, k)).getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String sensor1(SplittableRandom r, String id, int k, int i) {
        String ts = String.format(Locale.ROOT, "2026-11-27T%02d:%02d:%02dZ", (i / 3600) % 24, (i / 60) % 60, i % 60);
        String temp = num(Math.round((r.nextDouble() * 60 - 10) * 10) / 10.0);   // [-10, 50]
        String hum = num(Math.round((20 + r.nextDouble() * 60) * 10) / 10.0);    // [20, 80]
        int variant = r.nextInt(20);
        if (k == VALID && variant == 0) hum = Integer.toString(20 + r.nextInt(61));      // integer-valued number
        if (k == VALID && variant == 1) temp = r.nextBoolean() ? "85.0" : "-40.0";       // inclusive bounds
        String extra = "";
        switch (k) {
            case WRONG_TYPE: temp = "\"hot\""; break;
            case OUT_OF_RANGE:
                switch (r.nextInt(3)) {
                    case 0: temp = "120.5"; break;
                    case 1: temp = "-55.0"; break;
                    default: hum = "140.0";
                }
                break;
            case EXTRA_FIELD: extra = ",\"battery\":3.7"; break;
            default: break;
        }
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"sensor_id\":\"").append(id).append('"');
        if (k != MISSING_REQUIRED) sb.append(",\"timestamp\":\"").append(ts).append('"');
        sb.append(",\"temperature\":").append(temp);
        if (k == MALFORMED_JSON) return malformed(r, sb, ",\"humidity\":" + hum);
        sb.append(",\"humidity\":").append(hum).append(extra).append('}');
        return sb.toString();
    }

    private static String sensor2(SplittableRandom r, String id, int k) {
        String p = num(Math.round((950 + r.nextDouble() * 120) * 10) / 10.0);   // [950, 1070]
        int st = r.nextInt(10);
        String status = st < 7 ? "ok" : st < 9 ? "warn" : "fault";
        int variant = r.nextInt(20);
        if (k == VALID && variant == 0) p = Integer.toString(950 + r.nextInt(121));
        if (k == VALID && variant == 1) p = r.nextBoolean() ? "870.0" : "1085.0";
        String extra = "";
        boolean dropPressure = false;
        switch (k) {
            case WRONG_TYPE: p = "\"high\""; break;
            case OUT_OF_RANGE:
                switch (r.nextInt(3)) {
                    case 0: p = "1200.0"; break;
                    case 1: p = "500.0"; break;
                    default: status = "unknown";   // enum violation
                }
                break;
            case MISSING_REQUIRED: dropPressure = true; break;
            case EXTRA_FIELD: extra = ",\"battery\":3.7"; break;
            default: break;
        }
        StringBuilder sb = new StringBuilder(96);
        sb.append("{\"sensor_id\":\"").append(id).append('"');
        if (!dropPressure) sb.append(",\"pressure\":").append(p);
        if (k == MALFORMED_JSON) return malformed(r, sb, ",\"status\":\"" + status + "\"");
        sb.append(",\"status\":\"").append(status).append('"').append(extra).append('}');
        return sb.toString();
    }

    /** Not parseable as JSON; the sensor_id token is kept intact. */
    private static String malformed(SplittableRandom r, StringBuilder head, String lastField) {
        switch (r.nextInt(3)) {
            case 0: // truncated in the middle of the last member
                return head.append(lastField, 0, lastField.indexOf(':') + 1).toString();
            case 1: // trailing comma
                return head.append(lastField).append(",}").toString();
            default: // missing closing brace + garbage
                return head.append(lastField).append(" <EOF>").toString();
        }
    }
}
