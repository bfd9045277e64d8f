package io.contractgate.quarantine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.contractgate.admin.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Starting re-drive jobs through the service, on a real H2 store; the worker is not started, so jobs stay running. */
class QuarantineServiceTest {

    @TempDir
    Path dir;
    private QuarantineDatabase db;
    private QuarantineService service;
    private final List<String> audited = new ArrayList<>();

    @BeforeEach
    void open() {
        db = QuarantineDatabase.open(QuarantineSettings.from(Map.of("quarantine.data-dir", dir.toString())::get));
        QuarantineStore store = new QuarantineStore(db.dataSource());
        store.insert(List.of(StoreContract.row("m", 1, "s-1", List.of("out_of_range"), List.of("/t"), new byte[]{1})));
        Redriver idle = new Redriver(store, m -> {
            throw new AssertionError("the worker is not started");
        }, (topic, payload, qos, props, done) -> {
            throw new AssertionError("the worker is not started");
        }, 100, null, j -> { }, "gw-test");
        service = new QuarantineService(store, idle, null, null, null,
                (user, id, action, ok, detail) -> audited.add(action + " " + id), null);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static RedriveRequest byMapping(String mapping, boolean force) {
        return new RedriveRequest(Map.of("mapping", JsonNodeFactory.instance.textNode(mapping)), null, force, null);
    }

    @Test
    void shouldRefuseASecondJobOfTheSameSelectionWhileTheFirstRuns() {
        // before: a second click on "Re-drive" with force started a second job, and every message went out twice
        long first = service.startRedrive("admin", byMapping("m", true)).get("id").asLong();
        assertThatThrownBy(() -> service.startRedrive("admin", byMapping("m", true)))
                .isInstanceOf(ApiException.class).hasMessageContaining("job " + first)
                .matches(e -> ((ApiException) e).status() == 409 && "filter".equals(((ApiException) e).field()));
        assertThat(audited).containsExactly("redrive " + first);
        // another selection, or the same without force, is another job
        assertThat(service.startRedrive("admin", byMapping("other", true)).get("state").asText()).isEqualTo("running");
        assertThat(service.startRedrive("admin", byMapping("m", false)).get("total").asLong()).isEqualTo(1);
        service.cancel("admin", Long.toString(first));
        assertThat(service.startRedrive("admin", byMapping("m", true)).get("id").asLong()).isGreaterThan(first);
    }

    @Test
    void shouldRefuseAnEmptyRequestNamingFilter() {
        assertThatThrownBy(() -> service.startRedrive("admin", RedriveRequest.EMPTY))
                .matches(e -> ((ApiException) e).status() == 400 && "filter".equals(((ApiException) e).field()));
        assertThat(audited).isEmpty();
    }
}
