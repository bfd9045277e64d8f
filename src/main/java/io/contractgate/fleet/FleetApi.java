package io.contractgate.fleet;

import io.contractgate.admin.ApiAdapter;
import org.apache.camel.Exchange;

/** REST adapter of {@link FleetView} for {@code GET /api/fleet} (routes/fleet-api.camel.yaml). */
public class FleetApi extends ApiAdapter {

    /** Registry name the REST route calls. */
    public static final String BEAN = "fleetApi";

    private final FleetView view;

    public FleetApi(FleetView view) {
        this.view = view;
    }

    public void fleet(Exchange ex) {
        reply(ex, view.list());
    }
}
