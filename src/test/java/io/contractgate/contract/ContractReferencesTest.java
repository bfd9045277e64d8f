package io.contractgate.contract;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Security: a contract's references never reach the network or the file system, only the store and meta-schemas. */
class ContractReferencesTest {

    @TempDir
    Path dir;

    private final ContractCompiler compiler = new ContractCompiler();

    @Test
    void shouldRefuseAFileReferenceWithoutReadingTheFile() throws Exception {
        Path secret = dir.resolve("secret.json");
        Files.writeString(secret, "{\"const\":\"top-secret-value\"}");
        String uri = secret.toUri().toString();

        assertThatThrownBy(() -> compiler.compile("c", "{\"$ref\":\"" + uri + "\"}"))
                .isInstanceOf(InvalidContractException.class)
                .hasMessageContaining("reference '" + uri + "' is not allowed")
                .hasMessageNotContaining("top-secret-value");
        assertThatThrownBy(() -> compiler.compile("c", "{\"$ref\":\"file:///etc/hostname\"}"))
                .hasMessageContaining("'file:///etc/hostname' is not allowed");
    }

    @Test
    void shouldNeverSendARequestForHttpReferencesSchemaOrRelativeId() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            byte[] body = "{\"const\":\"fetched\"}".getBytes();
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            assertThatThrownBy(() -> compiler.compile("a", "{\"$ref\":\"" + base + "/a.json\"}"))
                    .hasMessageContaining(base + "/a.json");
            assertThatThrownBy(() -> compiler.compile("b", "{\"$schema\":\"" + base + "/meta\"}"))
                    .hasMessageContaining("$schema '" + base + "/meta' is not allowed");
            assertThatThrownBy(() -> compiler.compile("c",
                    "{\"$id\":\"" + base + "/dir/c.json\",\"properties\":{\"x\":{\"$ref\":\"other.json\"}}}"))
                    .hasMessageContaining(base + "/dir/other.json");
            assertThatThrownBy(() -> compiler.compile("d", "{\"$ref\":\"jar:file:/x.jar!/y.json\"}"))
                    .hasMessageContaining("jar:file:/x.jar!/y.json");
            assertThatThrownBy(() -> compiler.compile("e", "{\"$ref\":\"classpath:logback.xml\"}"))
                    .hasMessageContaining("classpath:logback.xml");
            assertThatThrownBy(() -> compiler.compile("f", "{\"$ref\":\"https://example.org/x.json\"}"))
                    .hasMessageContaining("https://example.org/x.json");
        } finally {
            server.stop(0);
        }
        assertThat(requests).hasValue(0);
    }

    @Test
    void shouldStillUseBundledMetaSchemasAndInternalReferences() {
        Contract c = compiler.compile("c", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\","
                + "\"definitions\":{\"n\":{\"type\":\"number\"}},\"properties\":{\"t\":{\"$ref\":\"#/definitions/n\"}}}");
        assertThat(new PayloadValidator().validate("{\"t\":\"x\"}".getBytes(), c, null).valid()).isFalse();
        Contract meta = compiler.compile("m", "{\"$ref\":\"https://json-schema.org/draft/2020-12/schema\"}");
        assertThat(new PayloadValidator().validate("{\"type\":\"object\"}".getBytes(), meta, null).valid()).isTrue();
    }

    @Test
    void shouldResolveAnotherStoredContractByIdOrFileName() throws Exception {
        Files.writeString(dir.resolve("reading.schema.json"),
                "{\"$id\":\"urn:contract-gateway:contract:reading\",\"type\":\"number\",\"maximum\":10}");
        Files.writeString(dir.resolve("byid.schema.json"),
                "{\"properties\":{\"t\":{\"$ref\":\"urn:contract-gateway:contract:reading\"}}}");
        Files.writeString(dir.resolve("byfile.schema.json"),
                "{\"$id\":\"urn:contract-gateway:contract:byfile\",\"properties\":{\"t\":{\"$ref\":\"reading.schema.json\"}}}");
        Files.writeString(dir.resolve("escape.schema.json"),
                "{\"properties\":{\"t\":{\"$ref\":\"../reading.schema.json\"}}}");
        ContractStore store = new ContractStore(dir);
        PayloadValidator v = new PayloadValidator();

        for (String id : new String[] {"byid", "byfile"}) {
            Contract c = store.get(id);
            assertThat(v.validate("{\"t\":5}".getBytes(), c, null).valid()).as(id).isTrue();
            assertThat(v.validate("{\"t\":50}".getBytes(), c, null).valid()).as(id).isFalse();
        }
        assertThatThrownBy(() -> store.get("escape")).hasMessageContaining("../reading.schema.json");
        assertThatThrownBy(() -> store.compile("x", "{\"$ref\":\"missing.schema.json\"}"))
                .hasMessageContaining("'missing.schema.json' is not allowed");
    }
}
