package io.contractgate.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contractgate.mqtt.TopicSampler;
import org.eclipse.paho.mqttv5.common.MqttException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Drafts a contract from what is published to any topic filter (also one no mapping covers) during a short
 * subscription: up to {@code maxMessages} payloads or {@code seconds}, whichever comes first. Never applied.
 */
public final class TopicDrafts {

    /** Sampling runs at a time (each holds a broker connection and an HTTP request for up to a minute). */
    public static final int MAX_CONCURRENT_SAMPLING = 2;

    private final Semaphore sampling = new Semaphore(MAX_CONCURRENT_SAMPLING);
    private final Supplier<TopicSampler> sampler;
    private final ContractDrafts drafts;

    /** @param sampler how to reach the broker the gateway's clients use, read at each request */
    public TopicDrafts(Supplier<TopicSampler> sampler, ContractDrafts drafts) {
        this.sampler = sampler;
        this.drafts = drafts;
    }

    public Reply inferFromTopic(JsonNode body) {
        TopicDraftRequest req = TopicDraftRequest.from(body);
        if (!sampling.tryAcquire()) {
            throw new ApiException(429, "already " + MAX_CONCURRENT_SAMPLING
                    + " topics being sampled; try again when they finish", "topic");
        }
        TopicSampler.Result result;
        try {
            result = sampler.get().sample(req.topic(), req.maxMessages(), Duration.ofSeconds(req.seconds()));
        } catch (MqttException e) {
            throw new ApiException(502, "cannot subscribe to '" + req.topic() + "' at the broker: " + e.getMessage(),
                    "topic");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while sampling '" + req.topic() + "'", "topic");
        } finally {
            sampling.release();
        }
        List<JsonNode> parsed = new ArrayList<>();
        Set<String> topics = new TreeSet<>();
        int skipped = 0;
        for (TopicSampler.Sample s : result.samples()) {
            topics.add(s.topic());
            JsonNode n = AdminJson.parseSampleOrNull(s.payload());
            if (n == null) {
                skipped++;
            } else {
                parsed.add(n);
            }
        }
        if (parsed.isEmpty()) {
            throw ApiException.conflict("samples", (result.samples().isEmpty() ? "no message"
                    : "no JSON message (" + skipped + " other)") + " arrived on '" + req.topic() + "' within "
                    + req.seconds() + " s; try a longer time or paste examples (POST /api/contracts/infer)");
        }
        ObjectNode out = drafts.draftReply(parsed, skipped, req.title());
        out.put("topic", req.topic());
        out.put("received", result.samples().size());
        out.put("timedOut", result.timedOut());
        ArrayNode seen = out.putArray("topicsSeen");
        topics.forEach(seen::add);
        return Reply.ok(out);
    }
}
