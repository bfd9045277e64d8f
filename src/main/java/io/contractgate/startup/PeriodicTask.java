package io.contractgate.startup;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A task run every {@code period} on its own named daemon thread while the Camel context runs: started and stopped
 * with the context (add it with {@code context.addService(task, true, true)}). A run that throws is logged and the
 * next one still happens. Subclasses that own more (a writer, a pool) close it in {@link #afterStop()}.
 */
public class PeriodicTask extends ServiceSupport {

    private final String threadName;
    private final long initialDelay;
    private final long period;
    private final TimeUnit unit;
    private final Runnable task;
    private ScheduledExecutorService timer;

    public PeriodicTask(String threadName, long initialDelay, long period, TimeUnit unit, Runnable task) {
        this.threadName = threadName;
        this.initialDelay = initialDelay;
        this.period = period;
        this.unit = unit;
        this.task = task;
    }

    @Override
    protected void doStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LoggerFactory.getLogger(PeriodicTask.class).warn("{}: {}", threadName, e.toString());
            }
        }, initialDelay, period, unit);
    }

    /** Runs before the timer stops. */
    protected void beforeStop() throws Exception {
    }

    /** Runs after the timer stopped and its last run ended (up to 5 s). */
    protected void afterStop() throws Exception {
    }

    @Override
    protected final void doStop() throws Exception {
        beforeStop();
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        afterStop();
    }
}
