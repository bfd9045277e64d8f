package io.contractgate.startup;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** Camel's ERROR with the stack trace of a StartupProblem stays off the console; every other event passes. */
class StartupProblemLogFilterTest {

    private final StartupProblemLogFilter filter = new StartupProblemLogFilter();
    private final Logger camel = (Logger) LoggerFactory.getLogger("org.apache.camel.impl.engine.AbstractCamelContext");

    private FilterReply decide(Throwable t) {
        return filter.decide(new LoggingEvent(Logger.class.getName(), camel, Level.ERROR,
                "Error starting CamelContext (contract-gateway) due to exception thrown: {}", t, new Object[]{"x"}));
    }

    @Test
    void shouldDropAnEventWhoseCauseChainHoldsAStartupProblem() {
        Throwable wrapped = new IllegalStateException("Failed to start route: publish-validated",
                new RuntimeException(new StartupProblem("cannot connect to the MQTT broker", null)));

        assertThat(decide(wrapped)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldPassOtherErrorsAndEventsWithoutAThrowable() {
        assertThat(decide(new IllegalStateException("something else"))).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide(null)).isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void shouldKeepTheStackTraceWhenTheStartupLoggerIsAtDebug() {
        Logger startup = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("io.contractgate.startup");
        Level before = startup.getLevel();
        startup.setLevel(Level.DEBUG);
        try {
            assertThat(decide(new StartupProblem("cannot connect", null))).isEqualTo(FilterReply.NEUTRAL);
        } finally {
            startup.setLevel(before);
        }
    }
}
