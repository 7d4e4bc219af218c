package dev.relaunch.json;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON for the process that must stay small, the supervisor: text to plain values ({@link Map}, {@link List},
 * {@link String}, {@link Number}, {@link Boolean}, null) and back through jackson-jr, and records to those values and
 * back by their components. Names and values come out as {@link Json#newMapper()} writes them (snake_case, or a
 * component's {@code @JsonProperty}; an enum by its {@code @JsonValue}; nulls included), so a record reads the same
 * whichever side wrote it. It never loads jackson-databind, which alone costs a JVM about 10 MiB.
 */
public final class WireJson {
    private static final JSON JR = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);
    private static final JSON PRETTY = JR.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private WireJson() {}

    /** Any JSON value as plain values; bad JSON is an {@link IOException}. */
    public static Object parse(String text) throws IOException {
        return JR.anyFrom(text);
    }

    /** One JSON object; anything else (an array, a number, bad JSON) is an {@link IOException}. */
    public static Map<String, Object> parseObject(String text) throws IOException {
        Object v = JR.anyFrom(text);
        if (!(v instanceof Map<?, ?> m)) {
            throw new IOException("expected a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) m;
        return object;
    }

    public static String write(Object value) {
        try {
            return JR.asString(toValue(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    public static byte[] writePretty(Object value) {
        try {
            return PRETTY.asBytes(toValue(value));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** A record, enum, collection or map as plain values; scalars as they are, anything else by its text. */
    public static Object toValue(Object o) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean) {
            return o;
        }
        if (o instanceof Record r) {
            Shape shape = shape(r.getClass());
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < shape.components.length; i++) {
                try {
                    m.put(shape.names[i], toValue(shape.components[i].getAccessor().invoke(r)));
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + shape.names[i] + " of " + r.getClass(), e);
                }
            }
            return m;
        }
        if (o instanceof Enum<?> e) {
            return enumValue(e);
        }
        if (o instanceof Map<?, ?> map) {
            Map<String, Object> m = new LinkedHashMap<>();
            map.forEach((k, v) -> m.put(String.valueOf(k), toValue(v)));
            return m;
        }
        if (o instanceof Collection<?> c) {
            List<Object> l = new ArrayList<>(c.size());
            c.forEach(v -> l.add(toValue(v)));
            return l;
        }
        return o.toString();
    }

    /**
     * A record from a parsed JSON object: each component from the field of its name, unknown fields ignored, a
     * missing field null (0 or false for a primitive), then the record's own constructor checks.
     *
     * @throws IllegalArgumentException naming the field whose value has the wrong type
     */
    public static <T> T toRecord(Map<String, ?> object, Class<T> type) {
        if (!type.isRecord()) {
            throw new IllegalStateException(type + " is not a record");
        }
        Shape shape = shape(type);
        Object[] args = new Object[shape.components.length];
        for (int i = 0; i < args.length; i++) {
            try {
                args[i] = convert(object.get(shape.names[i]), shape.components[i].getGenericType());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(shape.names[i] + ": " + e.getMessage());
            }
        }
        try {
            return type.cast(shape.constructor.newInstance(args));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(String.valueOf(e.getCause().getMessage()), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type, e);
        }
    }

    private static Object convert(Object raw, Type type) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (raw == null) {
                return null;
            }
            if (!(raw instanceof List<?> l)) {
                throw new IllegalArgumentException("expected an array");
            }
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(v -> out.add(convert(v, p.getActualTypeArguments()[0])));
            return out;
        }
        Class<?> c = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (c.isPrimitive()) {
            return primitive(raw, c);
        }
        if (raw == null || c == Object.class) {
            return raw;
        }
        if (c == Long.class || c == Integer.class) {
            return primitive(raw, c == Long.class ? long.class : int.class);
        }
        if (c == Boolean.class || c == Double.class) {
            return primitive(raw, c == Boolean.class ? boolean.class : double.class);
        }
        if (c == String.class) {
            if (raw instanceof Map || raw instanceof List) {
                throw new IllegalArgumentException("expected a string");
            }
            return raw.toString();
        }
        if (c.isEnum()) {
            return enumOf(c, raw.toString());
        }
        if (c.isInstance(raw)) {
            return raw; // a Map field takes the object as it is
        }
        if (c.isRecord() && raw instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> object = (Map<String, ?>) m;
            return toRecord(object, c);
        }
        throw new IllegalArgumentException("expected " + c.getSimpleName());
    }

    private static Object primitive(Object raw, Class<?> c) {
        if (c == boolean.class) {
            if (raw == null) {
                return false;
            }
            if (raw instanceof Boolean b) {
                return b;
            }
            throw new IllegalArgumentException("expected true or false");
        }
        if (raw == null) {
            return c == long.class ? (Object) 0L : c == int.class ? (Object) 0 : (Object) 0.0;
        }
        if (c == double.class) {
            if (raw instanceof Number n) {
                return n.doubleValue();
            }
            throw new IllegalArgumentException("expected a number");
        }
        long v = toLong(raw);
        if (c == int.class) {
            if (v != (int) v) {
                throw new IllegalArgumentException("number out of range");
            }
            return (int) v;
        }
        return v;
    }

    /**
     * A parsed JSON value as a long: a whole number that fits.
     *
     * @throws IllegalArgumentException saying what it is instead
     */
    public static long toLong(Object raw) {
        if (!(raw instanceof Number n)) {
            throw new IllegalArgumentException("expected a number");
        }
        if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
            throw new IllegalArgumentException("expected a whole number");
        }
        if (n instanceof java.math.BigInteger b && b.bitLength() > 63) {
            throw new IllegalArgumentException("number out of range");
        }
        return n.longValue();
    }

    private static Object enumValue(Enum<?> e) {
        for (Method m : e.getDeclaringClass().getMethods()) {
            if (m.isAnnotationPresent(JsonValue.class) && m.getParameterCount() == 0) {
                try {
                    return m.invoke(e);
                } catch (ReflectiveOperationException ex) {
                    throw new IllegalStateException(ex);
                }
            }
        }
        return e.name();
    }

    private static Object enumOf(Class<?> type, String text) {
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(JsonCreator.class) && Modifier.isStatic(m.getModifiers())
                    && m.getParameterCount() == 1 && m.getParameterTypes()[0] == String.class) {
                try {
                    return m.invoke(null, text);
                } catch (InvocationTargetException e) {
                    throw new IllegalArgumentException("unknown value '" + text + "'");
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        for (Object constant : type.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(text)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown value '" + text + "'");
    }

    /** A record's components, their JSON names and its canonical constructor, looked up once per class. */
    private record Shape(RecordComponent[] components, String[] names, Constructor<?> constructor) {}

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, t -> {
            RecordComponent[] rc = t.getRecordComponents();
            String[] names = new String[rc.length];
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                // @JsonProperty cannot target a record component; Java puts it on the accessor (and field)
                JsonProperty p = rc[i].getAccessor().getAnnotation(JsonProperty.class);
                names[i] = p != null && !p.value().isEmpty() ? p.value() : snakeCase(rc[i].getName());
                types[i] = rc[i].getType();
                rc[i].getAccessor().setAccessible(true);
            }
            try {
                Constructor<?> ctor = t.getDeclaredConstructor(types);
                ctor.setAccessible(true);
                return new Shape(rc, names, ctor);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("no canonical constructor in " + t, e);
            }
        });
    }

    /** {@code pidBefore} → {@code pid_before}, as Jackson's {@code SNAKE_CASE} naming does. */
    static String snakeCase(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        boolean previousUpper = false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            boolean upper = Character.isUpperCase(ch);
            if (upper && !previousUpper && sb.length() > 0 && sb.charAt(sb.length() - 1) != '_') {
                sb.append('_');
            }
            sb.append(upper ? Character.toLowerCase(ch) : ch);
            previousUpper = upper;
        }
        return sb.toString();
    }
}
