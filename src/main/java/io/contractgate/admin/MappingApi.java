package io.contractgate.admin;

import org.apache.camel.Exchange;

/** REST adapter of {@link MappingAdmin} for the /api/mappings routes (routes/admin-api.camel.yaml). */
public class MappingApi extends ApiAdapter {

    /** Registry name the REST routes call. */
    public static final String BEAN = "mappingApi";

    private final MappingAdmin mappings;

    public MappingApi(MappingAdmin mappings, int maxBodyBytes) {
        super(maxBodyBytes);
        this.mappings = mappings;
    }

    public void listMappings(Exchange ex) {
        run(ex, m -> mappings.listMappings());
    }

    public void getMapping(Exchange ex) {
        run(ex, m -> mappings.getMapping(param(m, "id")));
    }

    public void createMapping(Exchange ex) {
        run(ex, m -> mappings.createMapping(user(m), AdminJson.objectBody(body(m))));
    }

    public void replaceMapping(Exchange ex) {
        run(ex, m -> mappings.replaceMapping(user(m), param(m, "id"), AdminJson.objectBody(body(m)), ifMatch(m)));
    }

    public void deleteMapping(Exchange ex) {
        run(ex, m -> mappings.deleteMapping(user(m), param(m, "id"), ifMatch(m)));
    }

    public void enableMapping(Exchange ex) {
        run(ex, m -> mappings.setMappingEnabled(user(m), param(m, "id"), true, ifMatch(m)));
    }

    public void disableMapping(Exchange ex) {
        run(ex, m -> mappings.setMappingEnabled(user(m), param(m, "id"), false, ifMatch(m)));
    }
}
