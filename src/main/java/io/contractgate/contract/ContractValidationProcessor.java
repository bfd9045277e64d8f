package io.contractgate.contract;

import io.contractgate.mqtt.TopicPattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Service;
import org.apache.camel.component.paho.mqtt5.PahoMqtt5Constants;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.time.Instant;

/**
 * Camel adapter for one mapping (the check step of routes/contract-pipeline.camel.yaml): checks the message against
 * the mapping's contract, sets the verdict header the route's choice reads, and replaces the body with the failure
 * report when the message is rejected. The mapping's parameters come from the {@link MappingParameters} registry (the
 * template's values when the route starts, live edits afterwards); the output topic is set by the publish routes.
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
    /** Exchange property holding the {@link MappingParameters.Parameters} the check used, for the output topic. */
    public static final String PARAMETERS_PROPERTY = "contractgate.parameters";
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

    private String mappingId;
    /** The template's values, registered when the route starts. */
    private String contractId;
    private String validatedTopic = TopicPattern.TOKEN + "/validated";
    private String failedTopic = TopicPattern.TOKEN + "/failed";
    private String sensorIdField = "sensor_id";
    private GatewayServices services;
    private MappingParameters.Entry parameters;

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        byte[] payload = in.getBody(byte[].class);
        String topic = in.getHeader(PahoMqtt5Constants.MQTT_TOPIC, String.class);

        MappingParameters.Parameters t = parameters.get(); // one consistent view per message, even during an edit
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
        exchange.setProperty(PARAMETERS_PROPERTY, t);
        if (verdict.valid()) {
            in.setHeader(VERDICT_HEADER, VALIDATED);
        } else {
            in.setHeader(VERDICT_HEADER, FAILED);
            Instant now = Instant.now();
            in.setBody(services.reports().build(mappingId, topic, contract, contractId, now, verdict, payload));
            // what the quarantine keeps besides the report (failed path only: nothing added to the validated path)
            exchange.setProperty(INPUT_PROPERTIES_PROPERTY,
                    in.getHeader(PahoMqtt5Constants.CAMEL_PAHO_MSG_PROPERTIES, MqttProperties.class));
            exchange.setProperty(CONTRACT_PROPERTY, contract);
            exchange.setProperty(CONTRACT_ID_PROPERTY, contractId);
            exchange.setProperty(RECEIVED_AT_PROPERTY, now);
        }
    }

    public String getMappingId() {
        return mappingId;
    }

    public void setMappingId(String mappingId) {
        this.mappingId = mappingId;
    }

    /** The contract in force for this mapping (after live edits). */
    public String getContractId() {
        return parameters == null ? contractId : parameters.get().contractId();
    }

    public void setContractId(String contractId) {
        this.contractId = contractId;
    }

    public void setValidatedTopic(String pattern) {
        this.validatedTopic = pattern;
    }

    public void setFailedTopic(String pattern) {
        this.failedTopic = pattern;
    }

    public void setSensorIdField(String sensorIdField) {
        this.sensorIdField = sensorIdField;
    }

    @Override
    public void start() {
        parameters = services.parameters().register(mappingId,
                MappingParameters.Parameters.of(contractId, validatedTopic, failedTopic, sensorIdField));
    }

    @Override
    public void stop() {
        services.parameters().unregister(mappingId, parameters);
    }

    public void setServices(GatewayServices services) {
        this.services = services;
    }
}
