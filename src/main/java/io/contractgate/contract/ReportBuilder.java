package io.contractgate.contract;

import java.time.Instant;

/**
 * Builds the failure report published for a rejected message. Declared here and implemented in io.contractgate.report,
 * so the dependency runs one way: report knows the contract's verdict, the contract knows no report format.
 */
@FunctionalInterface
public interface ReportBuilder {

    byte[] build(String mapping, String topic, Contract contract, String contractId, Instant receivedAt, Verdict verdict,
                 byte[] payload);
}
