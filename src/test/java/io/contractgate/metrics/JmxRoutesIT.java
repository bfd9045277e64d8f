package io.contractgate.metrics;

import io.contractgate.testing.GatewayRunner;
import org.junit.jupiter.api.Test;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Camel's route MBeans ({@code org.apache.camel:type=routes,...}) read through the platform MBean server, as JConsole
 * or a JMX remote client sees them: per mapping route, the exchange count matches what was published.
 */
class JmxRoutesIT {

    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @Test
    void routeMBeansCountWhatWasPublished() throws Exception {
        try (GatewayRunner g = GatewayRunner.startProject()) {
            TrafficMix.publish(g);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, ObjectName> routes = routes(g);
                assertThat(exchanges(routes.get("publish-validated")) + exchanges(routes.get("publish-failed")))
                        .isEqualTo(TrafficMix.total());
            });
            Map<String, ObjectName> routes = routes(g);
            assertThat(routes).containsKeys("mapping-sensor1", "mapping-sensor2", "publish-validated",
                    "publish-failed");
            assertThat(exchanges(routes.get("mapping-sensor1")))
                    .isEqualTo(TrafficMix.SENSOR1_VALID + TrafficMix.SENSOR1_FAILED);
            assertThat(exchanges(routes.get("mapping-sensor2")))
                    .isEqualTo(TrafficMix.SENSOR2_VALID + TrafficMix.SENSOR2_FAILED);
            assertThat(exchanges(routes.get("publish-validated")))
                    .isEqualTo(TrafficMix.SENSOR1_VALID + TrafficMix.SENSOR2_VALID);
            assertThat(exchanges(routes.get("publish-failed")))
                    .isEqualTo(TrafficMix.SENSOR1_FAILED + TrafficMix.SENSOR2_FAILED);
            for (String id : new String[]{"mapping-sensor1", "mapping-sensor2"}) {
                ObjectName route = routes.get(id);
                assertThat((Long) JMX.getAttribute(route, "ExchangesFailed")).isZero();
                assertThat((Long) JMX.getAttribute(route, "MeanProcessingTime")).isNotNegative();
                // Processing times are whole milliseconds, so 0 is a legitimate maximum on a fast run.
                assertThat((Long) JMX.getAttribute(route, "MaxProcessingTime")).isNotNegative();
                assertThat(JMX.getAttribute(route, "LastExchangeCompletedTimestamp")).isNotNull();
                assertThat(JMX.getAttribute(route, "State")).isEqualTo("Started");
            }
        }
    }

    /** Route MBeans of this gateway's context, by route id. */
    private static Map<String, ObjectName> routes(GatewayRunner g) throws Exception {
        Set<ObjectName> names = JMX.queryNames(new ObjectName("org.apache.camel:context="
                + g.context().getManagementName() + ",type=routes,*"), null);
        Map<String, ObjectName> byId = new HashMap<>();
        for (ObjectName n : names) {
            byId.put((String) JMX.getAttribute(n, "RouteId"), n);
        }
        return byId;
    }

    private static long exchanges(ObjectName route) throws Exception {
        return route == null ? -1 : (Long) JMX.getAttribute(route, "ExchangesTotal");
    }
}
