package io.contractgate.influx;

import com.influxdb.exceptions.InfluxException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every InfluxDB error the log shows ends with the setting to look at. */
class InfluxAdviceTest {

    @Test
    void noAnswerPointsAtTheUrl() {
        assertThat(InfluxAdvice.of(new InfluxException(new ConnectException("Failed to connect to /127.0.0.1:8086"))))
                .contains("influx.url");
        assertThat(InfluxAdvice.of(503, "service unavailable")).contains("influx.url");
    }

    @Test
    void refusedCredentialsPointAtTheToken() {
        assertThat(InfluxAdvice.of(401, "unauthorized access")).contains("influx.token");
        assertThat(InfluxAdvice.of(403, "forbidden")).contains("influx.token");
    }

    @Test
    void missingOrgOrBucketPointsAtThem() {
        assertThat(InfluxAdvice.of(404, "bucket \"mqtt\" not found")).contains("influx.org").contains("influx.bucket");
    }

    @Test
    void tooLargeARequestPointsAtTheBatchSize() {
        assertThat(InfluxAdvice.of(413, "Request Entity Too Large")).contains("influx.batch-size");
    }

    @Test
    void theClientsOwnEventLoggingIsOffSinceTheGatewayLogsEveryEvent() {
        // WriteRetriableErrorEvent's "WARNING: The retriable error occurred ..." went to stderr beside our own WARN
        assertThat(InfluxWriteStats.CLIENT_EVENTS.getLevel()).isEqualTo(java.util.logging.Level.OFF);
        assertThat(java.util.logging.Logger.getLogger("com.influxdb.client.write.events.WriteRetriableErrorEvent")
                .isLoggable(java.util.logging.Level.SEVERE)).isFalse();
    }
}
