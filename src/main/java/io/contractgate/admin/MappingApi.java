package io.contractgate.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** REST adapter of {@link MappingAdmin} for the /api/mappings routes (routes/admin-api.camel.yaml). */
public class MappingApi extends ApiAdapter {

    /** Registry name the REST routes call. */
    public static final String BEAN = "mappingApi";

    private final MappingAdmin mappings;

    public MappingApi(MappingAdmin mappings) {
        this.mappings = mappings;
    }

    public void listMappings(Exchange ex) {
        reply(ex, mappings.listMappings());
    }

    public void getMapping(Exchange ex) {
        reply(ex, mappings.getMapping(param(ex.getMessage(), "id")));
    }

    public void createMapping(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, mappings.createMapping(user(m), body(m, MappingRequest.class)));
    }

    public void replaceMapping(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, mappings.replaceMapping(user(m), param(m, "id"), body(m, MappingRequest.class), ifMatch(m)));
    }

    public void deleteMapping(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, mappings.deleteMapping(user(m), param(m, "id"), ifMatch(m)));
    }

    public void enableMapping(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, mappings.setMappingEnabled(user(m), param(m, "id"), true, ifMatch(m)));
    }

    public void disableMapping(Exchange ex) {
        Message m = ex.getMessage();
        reply(ex, mappings.setMappingEnabled(user(m), param(m, "id"), false, ifMatch(m)));
    }
}
