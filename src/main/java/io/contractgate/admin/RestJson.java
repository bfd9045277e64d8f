package io.contractgate.admin;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one Jackson mapper of the REST API: camel-jackson's REST binding reads request bodies into the typed request
 * records with it and writes the answers with it (camel.rest.data-format-properties[objectMapper]). Strict, so a
 * wrong body is refused naming the field ({@link RestErrors}) instead of being guessed at: unknown fields, a number
 * where a string belongs (or the reverse), a string "true" for a boolean, 1.5 for a whole number, trailing data, a
 * field named twice.
 */
public final class RestJson {

    /** Registry name the REST binding refers to. */
    public static final String BEAN = "restJson";

    private static final ObjectMapper STRICT = strict();

    private RestJson() {
    }

    public static ObjectMapper strict() {
        ObjectMapper m = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // {"id": "a", "id": "b"}: parsers disagree on which one counts (the last won), so neither does
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return m;
    }

    /**
     * The JSON bytes of an answer, for the few endpoints that bypass the binding because they must read the request
     * as it came (bindingMode: off in routes/*-api.camel.yaml) but still answer JSON.
     */
    public static byte[] bytes(Object value) {
        try {
            return STRICT.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
