package io.contractgate.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeUrlTest {

    @Test
    void masksCredentialsInTheAuthority() {
        assertThat(SafeUrl.of("http://gw:s3cret@influxdb:8086/path")).isEqualTo("http://***@influxdb:8086/path");
        assertThat(SafeUrl.of("postgres://gw:s3cret@db:5432/q")).isEqualTo("postgres://***@db:5432/q");
        assertThat(SafeUrl.hasUserInfo("http://user@influxdb:8086")).isTrue();
    }

    @Test
    void masksCredentialsGivenAsParameters() {
        assertThat(SafeUrl.of("jdbc:postgresql://db/q?user=gw&password=s3cret&sslmode=require"))
                .isEqualTo("jdbc:postgresql://db/q?user=***&password=***&sslmode=require");
        assertThat(SafeUrl.of("jdbc:h2:file:/x;USER=sa;PASSWORD=s3cret")).doesNotContain("s3cret").doesNotContain("=sa;");
        assertThat(SafeUrl.of("https://influx:8086/?token=s3cret")).doesNotContain("s3cret");
    }

    @Test
    void leavesAUrlWithoutCredentialsAlone() {
        assertThat(SafeUrl.of("http://influxdb:8086")).isEqualTo("http://influxdb:8086");
        assertThat(SafeUrl.of("jdbc:postgresql://db:5432/q?sslmode=require#x@y")).isEqualTo("jdbc:postgresql://db:5432/q?sslmode=require#x@y");
        assertThat(SafeUrl.hasUserInfo("http://influxdb:8086/a@b")).isFalse();
        assertThat(SafeUrl.hasUserInfo("")).isFalse();
    }
}
