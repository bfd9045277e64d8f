package io.contractgate.startup;

import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The sentence a failed start is reported with: the gateway's own check, however deep camel-main wrapped it. */
class StartupProblemTest {

    /** What camel-main throws for a configuration bean whose check failed: two wrappers and a reflection layer. */
    private static RuntimeException wrappedLikeCamelMain(Throwable check) {
        return new IllegalStateException("Error during post processing of bean: io.contractgate.GatewayConfiguration@1",
                new RuntimeException(new InvocationTargetException(check)));
    }

    @Test
    void shouldNameTheSettingOfACheckCamelMainWrapped() {
        Throwable t = wrappedLikeCamelMain(new IllegalArgumentException("mqtt.qos must be from 0 to 2, was 3"));

        assertThat(StartupProblem.sentence(t)).isEqualTo("mqtt.qos must be from 0 to 2, was 3");
    }

    @Test
    void shouldPreferAStartupProblemAnywhereInTheChain() {
        Throwable t = new IllegalArgumentException("outer", new StartupProblem("camel.server.port: in use", null));

        assertThat(StartupProblem.sentence(t)).isEqualTo("camel.server.port: in use");
    }

    @Test
    void shouldLeaveFailuresNotRaisedByTheGatewaysChecksToTheStackTrace() {
        Throwable fromTheJdk = catchThrowable(() -> Thread.State.valueOf("NOPE"));
        assertThat(fromTheJdk).isInstanceOf(IllegalArgumentException.class);

        assertThat(StartupProblem.sentence(wrappedLikeCamelMain(fromTheJdk))).isNull();
        assertThat(StartupProblem.sentence(wrappedLikeCamelMain(new NullPointerException("a bug")))).isNull();
    }

    @Test
    void shouldNameARouteFileTheGatewayMayNotRead() {
        // what Camel's route loader threw for a mapping file with mode 000, the gateway running as another user
        Throwable t = new RuntimeException(new java.io.FileNotFoundException(
                "routes/mapping-sensor2.camel.yaml (Permission denied)"));

        assertThat(StartupProblem.sentence(t)).startsWith(
                "cannot read routes/mapping-sensor2.camel.yaml (Permission denied); the user the gateway runs as");
    }
}
