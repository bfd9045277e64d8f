package io.contractgate.admin;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link Mapping} as the YAML route file the gateway loads, and reads one back.
 */
public final class MappingFiles {

    private MappingFiles() {
    }

    /** The route file text; every value is double-quoted and escaped, so no input can change the YAML structure. */
    public static String render(Mapping m) {
        return "# Topic mapping: " + oneLine(m.sourceTopic()) + " checked against contract " + m.contractId()
                + " (written by the admin API).\n"
                + "- templatedRoute:\n"
                + "    routeTemplateRef: " + Mapping.TEMPLATE + "\n"
                + "    routeId: " + q(m.routeId()) + "\n"
                + "    parameters:\n"
                + param("mappingId", m.id())
                + param("sourceTopic", m.sourceTopic())
                + param("contractId", m.contractId())
                + param("validatedTopic", m.validatedTopic())
                + param("failedTopic", m.failedTopic())
                + param("sensorIdField", m.sensorIdField())
                + param("enabled", Boolean.toString(m.enabled()));
    }

    /** Reads a mapping route file; fails with a message naming the problem when it is not one. */
    @SuppressWarnings("unchecked")
    public static Mapping parse(String text) {
        Object doc = new Load(LoadSettings.builder().setMaxAliasesForCollections(10).build()).loadFromString(text);
        if (!(doc instanceof List<?> items) || items.size() != 1 || !(items.get(0) instanceof Map<?, ?> item)
                || !(item.get("templatedRoute") instanceof Map<?, ?> tr)) {
            throw new IllegalArgumentException("not a single templatedRoute");
        }
        if (!Mapping.TEMPLATE.equals(tr.get("routeTemplateRef"))) {
            throw new IllegalArgumentException("templatedRoute does not use the template " + Mapping.TEMPLATE);
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
        if (id == null || p.get("sourceTopic") == null || p.get("contractId") == null) {
            throw new IllegalArgumentException("parameters mappingId, sourceTopic and contractId are required");
        }
        return new Mapping(id, p.get("sourceTopic"), p.get("contractId"),
                p.getOrDefault("validatedTopic", Mapping.DEFAULT_VALIDATED),
                p.getOrDefault("failedTopic", Mapping.DEFAULT_FAILED),
                p.getOrDefault("sensorIdField", Mapping.DEFAULT_SENSOR_FIELD),
                !"false".equals(p.getOrDefault("enabled", "true")));
    }

    private static String param(String name, String value) {
        return "      - name: " + name + "\n        value: " + q(value) + "\n";
    }

    /** A YAML double-quoted scalar. */
    static String q(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]", " ");
    }
}
