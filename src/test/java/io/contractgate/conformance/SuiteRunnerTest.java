package io.contractgate.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The conformance runner's counting, on a miniature suite laid out like the official one. */
class SuiteRunnerTest {

    @TempDir
    Path suite;

    private void write(String relative, String json) throws Exception {
        Path f = suite.resolve("tests").resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, json);
    }

    @Test
    void shouldCountRightWrongAndEachRefusalByDesign() throws Exception {
        write("draft2020-12/type.json", """
                [{"description":"integer root","schema":{"type":"integer"},"tests":[
                  {"description":"one","data":1,"valid":true},
                  {"description":"string","data":"1","valid":false},
                  {"description":"deliberately wrong expectation","data":"x","valid":true}]}]""");
        write("draft2020-12/refRemote.json", """
                [{"description":"remote","schema":{"$ref":"http://localhost:1234/integer.json"},"tests":[
                  {"description":"a","data":1,"valid":true}]}]""");
        write("draft2020-12/format.json", """
                [{"description":"annotation","schema":{"format":"date-time"},"tests":[
                  {"description":"not a date-time","data":"x","valid":true}]}]""");
        write("draft2020-12/optional/format/uri.json", """
                [{"description":"uri","schema":{"format":"uri"},"tests":[
                  {"description":"not a uri","data":"::","valid":false}]}]""");

        List<SuiteRunner.Result> results = new SuiteRunner().runDraft(suite, "draft2020-12");

        assertThat(results).extracting(r -> r.testDescription() + "=" + r.outcome()).containsExactlyInAnyOrder(
                "one=RIGHT", "string=RIGHT", "deliberately wrong expectation=WRONG", "a=REMOTE_REF",
                "not a date-time=FORMAT_ASSERTED", "not a uri=FORMAT_ANNOTATION");
        SuiteRunner.Report report = new SuiteRunner.Report(results);
        assertThat(report.wrong()).isEqualTo(1);
        assertThat(report.markdown()).contains("| draft2020-12 | required | 2 | 1 | 2 | 1 | 1 | 0 | 0 |");
    }

    @Test
    void shouldCountAReferenceTheSchemaDefinesItselfAsWrongNotRemote() {
        assertThat(SuiteRunner.isSuiteRemote("reference 'http://localhost:1234/tree.json' is not allowed: ...")).isTrue();
        assertThat(SuiteRunner.isSuiteRemote("reference 'https://example.com/bar.json' is not allowed: ...")).isFalse();
    }
}
