package bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Minimal JSON (the bench reads op records and phase results with it, and writes results.json). */
final class Json {
    private final String s;
    private int i;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json j = new Json(text);
        j.ws();
        Object v = j.value();
        j.ws();
        if (j.i != j.s.length()) {
            throw new IllegalArgumentException("trailing characters at " + j.i);
        }
        return v;
    }

    private Object value() {
        ws();
        if (i >= s.length()) {
            throw new IllegalArgumentException("unexpected end of JSON");
        }
        char c = s.charAt(i);
        switch (c) {
            case '{' -> {
                i++;
                Map<String, Object> m = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    i++;
                    return m;
                }
                while (true) {
                    ws();
                    String k = string();
                    ws();
                    expect(':');
                    m.put(k, value());
                    ws();
                    if (peek(',')) {
                        i++;
                        continue;
                    }
                    expect('}');
                    return m;
                }
            }
            case '[' -> {
                i++;
                List<Object> l = new ArrayList<>();
                ws();
                if (peek(']')) {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    ws();
                    if (peek(',')) {
                        i++;
                        continue;
                    }
                    expect(']');
                    return l;
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                word("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                word("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                word("null");
                return null;
            }
            default -> {
                int st = i;
                while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                    i++;
                }
                String n = s.substring(st, i);
                if (n.isEmpty()) {
                    throw new IllegalArgumentException("unexpected '" + c + "' at " + st);
                }
                if (n.matches("-?\\d{1,18}")) {
                    return Long.parseLong(n);
                }
                return Double.parseDouble(n);
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private void word(String w) {
        if (!s.startsWith(w, i)) {
            throw new IllegalArgumentException("expected " + w + " at " + i);
        }
        i += w.length();
    }

    private boolean peek(char c) {
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw new IllegalArgumentException("expected '" + c + "' at " + i);
        }
        i++;
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        write(sb, v, 0);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v, int ind) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            quote(sb, str);
        } else if (v instanceof Double dv) {
            if (dv.isNaN() || dv.isInfinite()) {
                sb.append("null");
            } else if (dv == Math.rint(dv) && Math.abs(dv) < 1e15) {
                sb.append(dv.longValue());
            } else {
                sb.append(BigDecimal.valueOf(dv).stripTrailingZeros().toPlainString());
            }
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            boolean flat = m.size() <= 8 && m.values().stream().allMatch(x -> x == null || x instanceof Number
                    || x instanceof Boolean || (x instanceof String str && str.length() < 40));
            sb.append('{');
            int k = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(k++ == 0 ? "" : ",");
                if (flat) {
                    sb.append(k == 1 ? "" : " ");
                } else {
                    nl(sb, ind + 1);
                }
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), ind + 1);
            }
            if (!flat) {
                nl(sb, ind);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            boolean flat = l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean);
            sb.append('[');
            int k = 0;
            for (Object x : l) {
                sb.append(k++ == 0 ? "" : flat ? ", " : ",");
                if (!flat) {
                    nl(sb, ind + 1);
                }
                write(sb, x, ind + 1);
            }
            if (!flat) {
                nl(sb, ind);
            }
            sb.append(']');
        } else {
            quote(sb, String.valueOf(v));
        }
    }

    private static void nl(StringBuilder sb, int ind) {
        sb.append('\n').append("  ".repeat(ind));
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
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
}
