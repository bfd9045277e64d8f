package io.contractgate.contract;

import io.contractgate.mqtt.OutputProperties;
import io.contractgate.mqtt.TopicPattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.time.Instant;

/**
 * Camel adapter for one mapping: checks the message against the mapping's contract, sets the verdict header and the
 * output topic, and replaces the body with the failure report when the message is rejected.
 */
public class ContractValidationProcessor implements Processor, Service {

    /** Header with the verdict: {@value #VALIDATED} or {@value #FAILED}. */
    public static final String VERDICT_HEADER = "ContractVerdict";
    public static final String VALIDATED = "validated";
    public static final String FAILED = "failed";
    /** Exchange property holding the {@link Verdict}, for metrics and storage further down the route. */
    public static final String VERDICT_PROPERTY = "contractgate.verdict";
    /** Header set by the MQTT input when the broker delivered the message before (MQTT DUP flag). */
    public static final String REDELIVERED_HEADER = "ContractRedelivered";
    /** Exchange property holding the mapping id. */
    public static final String MAPPING_PROPERTY = "contractgate.mapping";
    /** Exchange property holding the original payload bytes. */
    public static final String PAYLOAD_PROPERTY = "contractgate.payload";
    /** Exchange property holding the topic the message arrived on. */
    public static final String SOURCE_TOPIC_PROPERTY = "contractgate.topic";
    /** Exchange property holding {@link System#nanoTime()} at the check's start, for end-to-end handling time. */
    public static final String STARTED_PROPERTY = "contractgate.started";
    /** Failed messages only: the input's own MQTT 5 properties (the output's replace the header), for the quarantine. */
    public static final String INPUT_PROPERTIES_PROPERTY = "contractgate.inputProperties";
    /** Failed messages only: the contract in force ({@link Contract}, null when it could not be loaded). */
    public static final String CONTRACT_PROPERTY = "contractgate.contract";
    /** Failed messages only: the contract id the mapping names. */
    public static final String CONTRACT_ID_PROPERTY = "contractgate.contractId";
    /** Failed messages only: the {@link Instant} stated as received_at in the report. */
    public static final String RECEIVED_AT_PROPERTY = "contractgate.receivedAt";

    /** Everything a mapping edit may change without touching the subscription; swapped as one unit. */
    private record Tuning(String contractId, TopicPattern validatedTopic, TopicPattern failedTopic, String sensorIdField) {
    }

    private String mappingId;
    private volatile Tuning tuning = new Tuning(null, new TopicPattern(TopicPattern.TOKEN + "/validated"),
            new TopicPattern(TopicPattern.TOKEN + "/failed"), "sensor_id");
    private GatewayServices services;

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] payload = in.getBody(byte[].class);
        String topic = in.getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);
        MqttProperties props = in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class);
        Integer qos = in.getHeader(PahoMqtt5Constants.MQTT_QOS, Integer.class);

        Tuning t = tuning; // one consistent view per message, even while an edit swaps it
        String contractId = t.contractId();
        Contract contract;
        Verdict verdict;
        long started = System.nanoTime();
        try {
            contract = services.contracts().get(contractId);
            verdict = services.validator().validate(payload, contract, t.sensorIdField());
        } catch (InvalidContractException e) {
            // the contract file vanished or never compiled: reject with a report rather than kill the route
            contract = null;
            verdict = new Verdict(false, null, null, java.util.List.of(new Violation("", "", ErrorType.OTHER,
                    "contract", e.getMessage(), "a usable contract '" + contractId + "'", null)));
        }
        services.recordValidationTime(mappingId, System.nanoTime() - started);
        services.samples().record(mappingId, payload);

        exchange.setProperty(VERDICT_PROPERTY, verdict);
        exchange.setProperty(MAPPING_PROPERTY, mappingId);
        exchange.setProperty(PAYLOAD_PROPERTY, payload);
        exchange.setProperty(SOURCE_TOPIC_PROPERTY, topic);
        exchange.setProperty(STARTED_PROPERTY, started);
        if (qos != null) {
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_QOS, qos); // republish at the incoming QoS
        }
        if (verdict.valid()) {
            in.setHeader(VERDICT_HEADER, VALIDATED);
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, t.validatedTopic().resolve(topic));
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, OutputProperties.forValidated(props));
        } else {
            in.setHeader(VERDICT_HEADER, FAILED);
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_OVERRIDE_TOPIC, t.failedTopic().resolve(topic));
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, OutputProperties.forReport(props));
            Instant now = Instant.now();
            in.setBody(services.reports().build(mappingId, topic, contract, contractId, now, verdict, payload));
            // what the quarantine keeps besides the report (failed path only: nothing added to the validated path)
            exchange.setProperty(INPUT_PROPERTIES_PROPERTY, props);
            exchange.setProperty(CONTRACT_PROPERTY, contract);
            exchange.setProperty(CONTRACT_ID_PROPERTY, contractId);
            exchange.setProperty(RECEIVED_AT_PROPERTY, now);
        }
        if (in.getHeader(REDELIVERED_HEADER) != null) {
            // the broker delivered this input before: the output may be a duplicate, and says so
            in.setHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, OutputProperties.markRedelivered(
                    in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class)));
        }
    }

    public String getMappingId() {
        return mappingId;
    }

    public void setMappingId(String mappingId) {
        this.mappingId = mappingId;
    }

    public String getContractId() {
        return tuning.contractId();
    }

    public void setContractId(String contractId) {
        Tuning t = tuning;
        tuning = new Tuning(contractId, t.validatedTopic(), t.failedTopic(), t.sensorIdField());
    }

    /** The validated topic for a message that arrived on {@code topic} (re-drive publishes there). */
    public String validatedTopicFor(String topic) {
        return tuning.validatedTopic().resolve(topic);
    }

    public String getSensorIdField() {
        return tuning.sensorIdField();
    }

    public void setValidatedTopic(String pattern) {
        Tuning t = tuning;
        tuning = new Tuning(t.contractId(), new TopicPattern(pattern), t.failedTopic(), t.sensorIdField());
    }

    public void setFailedTopic(String pattern) {
        Tuning t = tuning;
        tuning = new Tuning(t.contractId(), t.validatedTopic(), new TopicPattern(pattern), t.sensorIdField());
    }

    public void setSensorIdField(String sensorIdField) {
        Tuning t = tuning;
        tuning = new Tuning(t.contractId(), t.validatedTopic(), t.failedTopic(), sensorIdField);
    }

    /**
     * Applies a mapping edit that keeps the source topic to the running route, atomically, from the next message on:
     * no consumer restart, so nothing published meanwhile is missed.
     */
    public void retune(String contractId, String validatedTopic, String failedTopic, String sensorIdField) {
        tuning = new Tuning(contractId, new TopicPattern(validatedTopic), new TopicPattern(failedTopic), sensorIdField);
    }

    @Override
    public void start() {
        services.register(mappingId, this);
    }

    @Override
    public void stop() {
        services.unregister(mappingId, this);
    }

    public void setServices(GatewayServices services) {
        this.services = services;
    }
}
