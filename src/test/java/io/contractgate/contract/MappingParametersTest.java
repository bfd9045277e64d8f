package io.contractgate.contract;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MappingParametersTest {

    private static final MappingParameters.Parameters V1 = MappingParameters.Parameters.of("c1", "{topic}/ok", "{topic}/bad", "id");
    private static final MappingParameters.Parameters V2 = MappingParameters.Parameters.of("c2", "out/{topic}", "err", "sid");

    @Test
    void shouldShowALiveEditToTheRunningRouteFromItsNextRead() {
        MappingParameters registry = new MappingParameters();
        MappingParameters.Entry entry = registry.register("m1", V1);

        assertThat(registry.update("m1", V2)).isTrue();

        assertThat(entry.get()).isEqualTo(V2);
        assertThat(registry.get("m1")).contains(V2);
        assertThat(entry.get().validatedTopic().resolve("s/1")).isEqualTo("out/s/1");
    }

    @Test
    void shouldTellListenersEveryMappingThatStarts() {
        MappingParameters registry = new MappingParameters();
        java.util.List<String> started = new java.util.ArrayList<>();
        registry.onStart(started::add);

        registry.register("m1", V1);
        registry.register("m2", V2);

        assertThat(started).containsExactly("m1", "m2");
    }

    @Test
    void shouldRefuseAnEditOfAMappingThatIsNotRunning() {
        MappingParameters registry = new MappingParameters();
        assertThat(registry.update("m1", V2)).isFalse();
        MappingParameters.Entry entry = registry.register("m1", V1);
        registry.unregister("m1", entry);
        assertThat(registry.update("m1", V2)).isFalse();
        assertThat(registry.get("m1")).isEmpty();
    }

    @Test
    void shouldKeepTheNewerRouteWhenAnOlderOneStopsLate() {
        MappingParameters registry = new MappingParameters();
        MappingParameters.Entry old = registry.register("m1", V1);
        MappingParameters.Entry fresh = registry.register("m1", V2);

        registry.unregister("m1", old);

        assertThat(registry.entry("m1")).containsSame(fresh);
    }
}
