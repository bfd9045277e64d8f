package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import io.contractgate.contract.ReportJson;

/** The JSON view of a quarantined message and of a re-drive job, as the admin API and the NDJSON export show them. */
public final class QuarantineJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private QuarantineJson() {
    }

    /** Summary fields; with {@code full}, also the original payload (text or base64) and the report. */
    public static ObjectNode message(QuarantinedMessage m, boolean full) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("received_at", Instant.ofEpochMilli(m.receivedAt()).toString());
        n.put("mapping", m.mapping());
        n.put("topic", m.topic());
        n.put("qos", m.qos());
        n.put("contract_id", m.contractId());
        n.put("contract_version", m.contractVersion());
        n.put("sensor_id", m.sensorId());
        n.put("primary_error", m.primaryError());
        n.put("error_count", m.errorCount());
        ArrayNode types = n.putArray("error_types");
        m.errorTypes().forEach(types::add);
        ArrayNode fields = n.putArray("fields");
        m.pointers().forEach(fields::add);
        n.put("status", m.status());
        if (m.redrivenAt() != null) {
            n.put("redriven_at", Instant.ofEpochMilli(m.redrivenAt()).toString());
            n.put("redrive_job", m.redriveJob());
        }
        ObjectNode props = n.putObject("properties");
        if (m.contentType() != null) {
            props.put("content_type", m.contentType());
        }
        if (m.responseTopic() != null) {
            props.put("response_topic", m.responseTopic());
        }
        if (m.correlationData() != null) {
            props.put("correlation_data_base64", Base64.getEncoder().encodeToString(m.correlationData()));
        }
        if (m.payloadFormat() != null) {
            props.put("payload_format_utf8", m.payloadFormat());
        }
        if (m.messageExpiry() != null) {
            props.put("message_expiry", m.messageExpiry());
        }
        ArrayNode users = props.putArray("user_properties");
        m.userProperties().forEach(u -> users.addArray().add(u.name()).add(u.value()));
        if (full && m.payload() != null) {
            String text = utf8Text(m.payload());
            n.put("payload_bytes", m.payload().length);
            n.put("payload_encoding", text != null ? "text" : "base64");
            n.put("payload", text != null ? text : Base64.getEncoder().encodeToString(m.payload()));
        }
        if (full && m.report() != null) {
            ReportJson.put(n, "report", m.report());
        }
        return n;
    }

    public static ObjectNode job(RedriveJob j) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", j.id());
        n.put("state", j.state());
        n.put("created_at", Instant.ofEpochMilli(j.createdAt()).toString());
        n.put("created_by", j.createdBy());
        try {
            n.set("selection", JSON.readTree(j.selection()));
        } catch (IOException e) {
            n.put("selection", j.selection());
        }
        n.put("force", j.includeRedriven());
        n.put("total", j.total());
        n.put("done", j.done());
        n.put("passed", j.passed());
        n.put("still_failing", j.stillFailing());
        n.put("skipped", j.skipped());
        if (j.finishedAt() != null) {
            n.put("finished_at", Instant.ofEpochMilli(j.finishedAt()).toString());
        }
        if (j.detail() != null) {
            n.put("detail", j.detail());
        }
        return n;
    }


    /** The payload as text when it is valid UTF-8 without control characters (tab, CR, LF allowed); else null. */
    static String utf8Text(byte[] b) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
