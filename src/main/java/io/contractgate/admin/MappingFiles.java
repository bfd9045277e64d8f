package io.contractgate.admin;

import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Mapping} as the YAML route file the gateway loads, and reads one back.
 */
public final class MappingFiles {

    /** Block style, two-space indent, one line per value: the dumper's own layout, as in routes/mapping-*.camel.yaml. */
    private static final Dump DUMP = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK)
            .setIndent(2).setWidth(Integer.MAX_VALUE).build());

    private MappingFiles() {
    }

    /**
     * The route file text, in the canonical form of Camel's YAML DSL (a {@code templatedRoute} of the contract-pipeline
     * template), written by the YAML library Camel's YAML DSL reads with: no input can change the structure.
     */
    public static String render(Mapping m) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("routeTemplateRef", Mapping.TEMPLATE);
        route.put("routeId", m.routeId());
        List<Map<String, String>> parameters = new ArrayList<>();
        parameters.add(param("mappingId", m.id()));
        parameters.add(param("sourceTopic", m.sourceTopic()));
        parameters.add(param("contractId", m.contractId()));
        parameters.add(param("validatedTopic", m.validatedTopic()));
        parameters.add(param("failedTopic", m.failedTopic()));
        parameters.add(param("sensorIdField", m.sensorIdField()));
        parameters.add(param("enabled", Boolean.toString(m.enabled())));
        route.put("parameters", parameters);
        return "# Topic mapping: " + oneLine(m.sourceTopic()) + " checked against contract " + m.contractId()
                + " (written by the admin API).\n" + DUMP.dumpToString(List.of(Map.of("templatedRoute", route)));
    }

    /** Reads a mapping route file; fails with a message naming the problem when it is not one. */
    @SuppressWarnings("unchecked")
    public static Mapping parse(String text) {
        Object doc = new Load(LoadSettings.builder().setMaxAliasesForCollections(10).build()).loadFromString(text);
        if (!(doc instanceof List<?> items) || items.size() != 1 || !(items.get(0) instanceof Map<?, ?> item)
                || !(item.get("templatedRoute") instanceof Map<?, ?> tr)) {
            throw new NotAMapping("not a single templatedRoute");
        }
        if (!Mapping.TEMPLATE.equals(tr.get("routeTemplateRef"))) {
            throw new NotAMapping("templatedRoute does not use the template " + Mapping.TEMPLATE);
        }
        Map<String, String> p = new HashMap<>();
        Object params = tr.get("parameters");
        if (params instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> e && e.get("name") != null) {
                    p.put(String.valueOf(e.get("name")), e.get("value") == null ? null : String.valueOf(e.get("value")));
                }
            }
        }
        String id = p.get("mappingId");
        List<String> missing = java.util.stream.Stream.of("mappingId", "sourceTopic", "contractId")
                .filter(name -> p.get(name) == null).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("parameter" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                    + " missing (a mapping needs mappingId, sourceTopic and contractId)");
        }
        return new Mapping(id, p.get("sourceTopic"), p.get("contractId"),
                p.getOrDefault("validatedTopic", Mapping.DEFAULT_VALIDATED),
                p.getOrDefault("failedTopic", Mapping.DEFAULT_FAILED),
                p.getOrDefault("sensorIdField", Mapping.DEFAULT_SENSOR_FIELD),
                !"false".equals(p.getOrDefault("enabled", "true")));
    }

    /** A route file that is not a mapping at all (another route someone placed in the folder): not ours to judge. */
    public static final class NotAMapping extends IllegalArgumentException {
        NotAMapping(String message) {
            super(message);
        }
    }

    private static Map<String, String> param(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("value", value);
        return p;
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]", " ");
    }
}
