package io.contractgate.quarantine;

import io.contractgate.contract.Contract;
import io.contractgate.contract.MappingParameters;
import io.contractgate.contract.GatewayServices;
import io.contractgate.contract.InvalidContractException;
import io.contractgate.contract.Verdict;

import java.time.Instant;
import java.util.Optional;

/**
 * The re-drive check: the mapping's running route tells the contract in force, the sensor field and the validated
 * topic; the shared validator and report builder do the rest, exactly as for live traffic. A message whose mapping is
 * not running (disabled or deleted) is skipped and stays quarantined.
 */
public final class CurrentContractCheck implements RedriveCheck {

    private final GatewayServices services;

    public CurrentContractCheck(GatewayServices services) {
        this.services = services;
    }

    @Override
    public Outcome check(QuarantinedMessage m) {
        Optional<MappingParameters.Parameters> mapping = services.parameters().get(m.mapping());
        if (mapping.isEmpty()) {
            return Outcome.skipped("mapping '" + m.mapping() + "' is not running");
        }
        MappingParameters.Parameters p = mapping.get();
        String contractId = p.contractId();
        Contract contract;
        try {
            contract = services.contracts().get(contractId);
        } catch (InvalidContractException e) {
            return Outcome.skipped("contract '" + contractId + "' cannot be used: " + e.getMessage());
        }
        Verdict v = services.validator().validate(m.payload(), contract, p.sensorIdField());
        if (v.valid()) {
            return Outcome.passed(p.validatedTopic().resolve(m.topic()), contract.hash());
        }
        byte[] report = services.reports().build(m.mapping(), m.topic(), contract, contractId,
                Instant.ofEpochMilli(m.receivedAt()), v, m.payload());
        return Outcome.stillFailing(QuarantineRows.rechecked(m, contract, v, report));
    }
}
