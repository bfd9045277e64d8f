package io.contractgate.startup;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link StartupProblem} a one-line stop: Camel logs a route that fails to start (e.g. the output client cannot
 * reach the broker) at ERROR with the whole stack trace before the main prints the problem's sentence, so a log event
 * carrying a StartupProblem is dropped from the console. {@code io.contractgate.startup} at DEBUG keeps it.
 */
public final class StartupProblemLogFilter extends Filter<ILoggingEvent> {

    private static final String PROBLEM = StartupProblem.class.getName();

    @Override
    public FilterReply decide(ILoggingEvent event) {
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            if (PROBLEM.equals(t.getClassName())) {
                return LoggerFactory.getLogger(StartupProblem.class.getPackageName()).isDebugEnabled()
                        ? FilterReply.NEUTRAL : FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
