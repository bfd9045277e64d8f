package io.contractgate.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A failure report put inside another JSON answer (a dry run, a quarantined message, the live feed) as the very text
 * the pipeline publishes. Read into a tree and written again, a number over double range (1e400, which the report
 * echoes as written) came out as "Infinity", and 1.50 as 1.5: the dry run then differed from the published report.
 */
public final class ReportJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ReportJson() {
    }

    /** Sets {@code field} to the report as raw JSON; text that is not one JSON value is set as a string instead. */
    public static ObjectNode put(ObjectNode into, String field, byte[] report) {
        if (isOneValue(report)) {
            into.putRawValue(field, new RawValue(new String(report, StandardCharsets.UTF_8)));
        } else {
            into.put(field, new String(report, StandardCharsets.UTF_8));
        }
        return into;
    }

    /** {@link #put(ObjectNode, String, byte[])} for a report held as text. */
    public static ObjectNode put(ObjectNode into, String field, String report) {
        return put(into, field, report.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the bytes are exactly one well-formed JSON value (checked token by token, no tree built). */
    static boolean isOneValue(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
