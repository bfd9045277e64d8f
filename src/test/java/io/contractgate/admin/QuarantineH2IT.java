package io.contractgate.admin;

import java.util.Map;

/** The quarantine scenarios on the embedded default store (H2 file database under the data folder). */
class QuarantineH2IT extends QuarantineScenarios {

    @Override
    Map<String, String> storeSettings() {
        return Map.of();
    }
}
