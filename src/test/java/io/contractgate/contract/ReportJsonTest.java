package io.contractgate.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A report inside another answer keeps the published text: 1e400 is not "Infinity", 1.50 not 1.5. */
class ReportJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT = "{\"errors\":[{\"pointer\":\"/humidity\",\"actual\":1e400}],"
            + "\"payload\":{\"humidity\":1e400,\"t\":1.50}}";

    @Test
    void shouldWriteTheReportAsPublishedInsideAnAnswer() throws Exception {
        ObjectNode answer = JSON.createObjectNode().put("verdict", "failed");
        ReportJson.put(answer, "report", REPORT.getBytes(StandardCharsets.UTF_8));
        assertThat(JSON.writeValueAsString(answer)).isEqualTo("{\"verdict\":\"failed\",\"report\":" + REPORT + "}");
        // what a client reads back is the number, not a string
        assertThat(JSON.readTree(JSON.writeValueAsString(answer)).at("/report/errors/0/actual").isNumber()).isTrue();
    }

    @Test
    void shouldPutTextThatIsNotOneJsonValueAsAString() throws Exception {
        for (String bad : new String[] {"{\"a\":", "{} {}", "", "not json"}) {
            ObjectNode answer = ReportJson.put(JSON.createObjectNode(), "report", bad);
            assertThat(JSON.readTree(JSON.writeValueAsString(answer)).get("report").textValue()).as(bad).isEqualTo(bad);
        }
    }
}
