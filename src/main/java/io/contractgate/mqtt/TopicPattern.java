package io.contractgate.mqtt;

/**
 * An output topic for a mapping: a fixed topic, or a pattern in which {@code {topic}} stands for the concrete topic
 * the message arrived on (so {@code sensors/+} sends {@code sensors/s1} to {@code sensors/s1/validated}).
 */
public final class TopicPattern {

    public static final String TOKEN = "{topic}";
    /** The longest topic name MQTT can carry, in UTF-8 bytes (a two-byte length). */
    public static final int MAX_TOPIC_BYTES = 65_535;

    private final String pattern;
    private final int at;
    private final String prefix;
    private final String suffix;

    public TopicPattern(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("topic pattern must not be empty");
        }
        this.pattern = pattern;
        this.at = pattern.indexOf(TOKEN);
        this.prefix = at < 0 ? pattern : pattern.substring(0, at);
        this.suffix = at < 0 ? "" : pattern.substring(at + TOKEN.length());
    }

    /** The output topic for a message that arrived on {@code topic}. */
    public String resolve(String topic) {
        return at < 0 ? pattern : prefix + topic + suffix;
    }

    /** Whether MQTT can carry {@code topic}: at most {@link #MAX_TOPIC_BYTES} in UTF-8 (counted only when it may not). */
    public static boolean fits(String topic) {
        return topic.length() <= MAX_TOPIC_BYTES / 3
                || topic.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= MAX_TOPIC_BYTES;
    }

    public String pattern() {
        return pattern;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
