package io.contractgate.breaker;

import io.contractgate.admin.AdminConfiguration;
import io.contractgate.admin.ContractAdmin;
import io.contractgate.admin.AuditLog;
import io.contractgate.admin.EventHub;
import io.contractgate.contract.Contract;
import io.contractgate.contract.MappingParameters;
import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.metrics.MetricsConfiguration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wires the contract circuit breaker: once a second it reads each mapping's {@code mqtt_messages_total} counters and
 * the contract version in force and feeds them to the {@link ContractBreaker}; binds {@code breakerApi}. Receives the
 * meter registry and the admin objects it acts through with {@code @BeanInject}.
 */
public class BreakerConfiguration implements CamelConfiguration {

    public static final String API_BEAN = "breakerApi";
    static final String MESSAGES = "mqtt.messages";

    @BeanInject(MetricsConfiguration.REGISTRY_BEAN)
    MeterRegistry registry;
    @BeanInject(AdminConfiguration.CONTRACT_ADMIN_BEAN)
    ContractAdmin admin;
    @BeanInject(AdminConfiguration.AUDIT_BEAN)
    AuditLog audit;
    @BeanInject(AdminConfiguration.EVENTS_BEAN)
    EventHub events;
    @BeanInject(GatewayServices.BEAN)
    GatewayServices services;

    @Override
    public void configure(CamelContext context) throws Exception {
        var pc = context.getPropertiesComponent();
        ContractBreaker.Settings settings = BreakerSettings.from(key -> pc.resolveProperty(key).orElse(null));
        events.declare(BreakerService.EVENT);
        BreakerService service = new BreakerService(admin, audit, events, registry);
        ContractBreaker breaker = new ContractBreaker(settings, service::tripped);
        service.attach(breaker);
        services.parameters().onStart(service::mappingStarted);
        context.getRegistry().bind(API_BEAN, new BreakerApi(service));
        context.addService(new io.contractgate.startup.PeriodicTask("contract-breaker", 1, 1, TimeUnit.SECONDS,
                () -> breaker.tick(System.currentTimeMillis(), readings(registry, services))), true, true);
    }

    static Map<String, ContractBreaker.Reading> readings(MeterRegistry registry, GatewayServices services) {
        Map<String, long[]> counts = new HashMap<>();
        for (Counter c : registry.find(MESSAGES).counters()) {
            String mapping = c.getId().getTag("mapping");
            long[] vf = counts.computeIfAbsent(mapping, m -> new long[2]);
            vf["validated".equals(c.getId().getTag("status")) ? 0 : 1] += (long) c.count();
        }
        Map<String, ContractBreaker.Reading> out = new HashMap<>();
        counts.forEach((mapping, vf) -> {
            Optional<MappingParameters.Parameters> p = services.parameters().get(mapping);
            if (p.isEmpty()) {
                return;
            }
            String id = p.get().contractId();
            String version;
            try {
                Contract c = services.contracts().get(id);
                version = c.hash();
            } catch (InvalidContractException e) {
                version = null;
            }
            out.put(mapping, new ContractBreaker.Reading(vf[0], vf[1], id, version));
        });
        return out;
    }
}
