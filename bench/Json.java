package bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for the bench, with Jackson (which relaunch.jar carries): it reads op records and phase results as plain maps
 * and lists, writes results.json, and navigates the maps ({@link #at}).
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Double.class, new FiniteDoubles()));

    private Json() {}

    /** Maps, lists, strings, numbers, booleans and nulls; an {@link IllegalArgumentException} for bad JSON. */
    static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        }
    }

    static String write(Object v) {
        try {
            return MAPPER.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    static Number num(Object o) {
        if (o instanceof Number n) {
            return n;
        }
        return Double.parseDouble(String.valueOf(o));
    }

    static Double d(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return null;
    }

    /** Navigates nested maps; null when any step is missing. */
    static Object at(Object root, String... path) {
        Object cur = root;
        for (String p : path) {
            if (p == null || !(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    /** A measurement that could not be taken (NaN, infinite) is written as null, as JSON has no such numbers. */
    private static final class FiniteDoubles extends StdSerializer<Double> {
        FiniteDoubles() {
            super(Double.class);
        }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v.isNaN() || v.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }
    }
}
