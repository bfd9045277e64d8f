package io.contractgate.contract;

import java.util.function.ObjLongConsumer;

/**
 * The shared, thread-safe services every mapping's processor uses: contract store, validator, report builder and a
 * hook for validation timing (metrics), wired once at start-up.
 */
public final class GatewayServices {

    /** Registry name of this bean, which the route template's processors use. */
    public static final String BEAN = "gatewayServices";

    private final ContractStore contracts;
    private final PayloadValidator validator;
    private final ReportBuilder reports;
    private volatile ObjLongConsumer<String> validationTimer = (mapping, nanos) -> { };
    /** The per-message parameters of the running mappings: what a live edit changes. */
    private final MappingParameters parameters = new MappingParameters();
    private volatile RecentSamples samples = new RecentSamples(RecentSamples.DEFAULT_CAPACITY);

    public GatewayServices(ContractStore contracts, PayloadValidator validator, ReportBuilder reports) {
        this.contracts = contracts;
        this.validator = validator;
        this.reports = reports;
    }

    public ContractStore contracts() {
        return contracts;
    }

    public PayloadValidator validator() {
        return validator;
    }

    public ReportBuilder reports() {
        return reports;
    }

    /** The last payloads of each mapping, for drafting contracts from traffic. */
    public RecentSamples samples() {
        return samples;
    }

    /** Replaces the sample buffer (its size comes from contracts.sample-buffer; 0 keeps none). */
    public void setSamples(RecentSamples samples) {
        this.samples = samples;
    }

    /** Installs the timer that receives each validation's duration (set by the metrics feature). */
    public void setValidationTimer(ObjLongConsumer<String> timer) {
        this.validationTimer = timer;
    }

    /** The registry of the running mappings' per-message parameters. */
    public MappingParameters parameters() {
        return parameters;
    }

    void recordValidationTime(String mapping, long nanos) {
        validationTimer.accept(mapping, nanos);
    }
}
