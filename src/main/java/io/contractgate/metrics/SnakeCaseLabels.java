package io.contractgate.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes every meter pass {@code promtool check metrics}: Camel's meters use camelCase label names ({@code routeId},
 * {@code camelContext}, {@code eventType}) and some have no help text. Label names become snake_case
 * ({@code route_id}, {@code camel_context}, {@code event_type}) and a missing description gets a generic one.
 * Applied once per meter at registration, never per message.
 */
public final class SnakeCaseLabels implements MeterFilter {

    @Override
    public Meter.Id map(Meter.Id id) {
        boolean changed = false;
        List<Tag> tags = new ArrayList<>();
        for (Tag t : id.getTagsAsIterable()) {
            String key = snake(t.getKey());
            changed |= !key.equals(t.getKey());
            tags.add(Tag.of(key, t.getValue()));
        }
        String description = id.getDescription();
        if (description == null || description.isBlank()) {
            description = "Camel meter " + id.getName();
            changed = true;
        }
        return changed ? new Meter.Id(id.getName(), io.micrometer.core.instrument.Tags.of(tags), id.getBaseUnit(),
                description, id.getType()) : id;
    }

    /** {@code routeId} → {@code route_id}; names already in snake_case are returned unchanged. */
    static String snake(String name) {
        StringBuilder b = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (b == null) {
                    b = new StringBuilder(name.length() + 4).append(name, 0, i);
                }
                if (i > 0 && name.charAt(i - 1) != '_') {
                    b.append('_');
                }
                b.append(Character.toLowerCase(c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? name : b.toString();
    }
}
