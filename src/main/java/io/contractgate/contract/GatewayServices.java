package io.contractgate.contract;

import io.contractgate.report.FailureReport;

import java.util.function.ObjLongConsumer;

/**
 * The shared, thread-safe services every mapping's processor uses: contract store, validator, report builder and a
 * hook for validation timing (metrics), wired once at start-up.
 */
public final class GatewayServices {

    private final ContractStore contracts;
    private final PayloadValidator validator;
    private final FailureReport reports;
    private volatile ObjLongConsumer<String> validationTimer = (mapping, nanos) -> { };

    public GatewayServices(ContractStore contracts, PayloadValidator validator, FailureReport reports) {
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

    public FailureReport reports() {
        return reports;
    }

    /** Installs the timer that receives each validation's duration (set by the metrics feature). */
    public void setValidationTimer(ObjLongConsumer<String> timer) {
        this.validationTimer = timer;
    }

    void recordValidationTime(String mapping, long nanos) {
        validationTimer.accept(mapping, nanos);
    }
}
