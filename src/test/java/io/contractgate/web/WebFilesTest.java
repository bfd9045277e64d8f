package io.contractgate.web;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Which request paths {@link WebFiles} maps to a file: the pages and assets, and nothing outside web/. */
class WebFilesTest {

    @TempDir
    Path project;
    WebFiles files;

    @BeforeEach
    void setUp() throws Exception {
        Path web = Files.createDirectories(project.resolve("web/assets/img"));
        Files.writeString(project.resolve("web/index.html"), "<p>dashboard</p>");
        Files.writeString(project.resolve("web/admin.html"), "<p>admin</p>");
        Files.writeString(project.resolve("web/assets/app.css"), "body{}");
        Files.writeString(project.resolve("web/assets/app.js"), "x()");
        Files.writeString(project.resolve("web/assets/img/logo.svg"), "<svg/>");
        Files.writeString(project.resolve("web/assets/.secret.js"), "hidden");
        Files.writeString(project.resolve("web/assets/notes.md"), "unknown type");
        Files.writeString(project.resolve("pom.xml"), "<project/>");
        Files.createSymbolicLink(project.resolve("web/assets/pom.js"), project.resolve("pom.xml"));
        Files.createSymbolicLink(project.resolve("web/assets/up"), project);
        files = new WebFiles(project.resolve("web"));
        assertThat(web).isDirectory();
    }

    @Test
    void pagesAndAssetsResolveWithTheirContentType() {
        assertThat(files.resolve("/")).get().satisfies(r -> {
            assertThat(r.file().getFileName()).hasToString("index.html");
            assertThat(r.contentType()).isEqualTo("text/html; charset=utf-8");
        });
        assertThat(files.resolve("/admin")).get().satisfies(r -> assertThat(r.file().getFileName()).hasToString("admin.html"));
        assertThat(files.resolve("/assets/app.css")).get().satisfies(r -> assertThat(r.contentType()).startsWith("text/css"));
        assertThat(files.resolve("/assets/app.js")).get().satisfies(r -> assertThat(r.contentType()).startsWith("text/javascript"));
        assertThat(files.resolve("/assets/img/logo.svg")).get().satisfies(r -> assertThat(r.contentType()).isEqualTo("image/svg+xml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/pom.xml", "/../pom.xml", "/%2e%2e/pom.xml", "/assets/../../pom.xml", "/assets/..%2f..%2fpom.xml",
            "/assets/%2e%2e/%2e%2e/pom.xml", "/assets/%252e%252e/pom.xml", "/assets//pom.xml", "/assets/.secret.js",
            "/assets/notes.md", "/assets/pom.js", "/assets/up/pom.xml", "/assets/up/web/index.html", "/assets/..\\..\\pom.xml",
            "/assets/app.css%00.js", "/assets/", "/assets", "/index.html/../../pom.xml", "/web/index.html", "//pom.xml",
            "/assets/img", "/assets/missing.css", "/ADMIN", "/admin/../pom.xml"})
    void nothingOutsideWebNorHiddenNorUnknownIsServed(String raw) {
        assertThat(files.resolve(raw)).as(raw).isEmpty();
    }

    @Test
    void ownsOnlyPagesAndAssets() {
        assertThat(WebFiles.owns("/")).isTrue();
        assertThat(WebFiles.owns("/admin")).isTrue();
        assertThat(WebFiles.owns("/assets/x")).isTrue();
        assertThat(WebFiles.owns("/api/status")).isFalse();
        assertThat(WebFiles.owns("/pom.xml")).isFalse();
    }
}
