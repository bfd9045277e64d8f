package io.contractgate.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Output topic patterns: {topic} becomes the concrete topic a message arrived on. */
class TopicPatternTest {

    @Test
    void shouldPutTheConcreteTopicInPlaceOfTheToken() {
        assertThat(new TopicPattern("{topic}/validated").resolve("sensors/s1")).isEqualTo("sensors/s1/validated");
        assertThat(new TopicPattern("out/{topic}/bad").resolve("a/b")).isEqualTo("out/a/b/bad");
    }

    @Test
    void shouldKeepAFixedTopicFixed() {
        assertThat(new TopicPattern("all/validated").resolve("sensors/s1")).isEqualTo("all/validated");
    }

    @Test
    void shouldRefuseAnEmptyPattern() {
        assertThatThrownBy(() -> new TopicPattern(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
