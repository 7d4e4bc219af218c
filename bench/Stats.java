package bench;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Statistics and formatting. */
final class Stats {
    private Stats() {}

    static Map<String, Object> stats(List<Double> xs) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Double> s = xs.stream().filter(v -> v != null && !v.isNaN()).sorted().toList();
        m.put("n", s.size());
        if (s.isEmpty()) {
            return m;
        }
        m.put("median", round1(median(s)));
        m.put("p95", round1(s.get(Math.max(0, (int) Math.ceil(0.95 * s.size()) - 1))));
        m.put("min", round1(s.get(0)));
        m.put("max", round1(s.get(s.size() - 1)));
        m.put("mean", round1(s.stream().mapToDouble(Double::doubleValue).average().orElse(0)));
        return m;
    }

    static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double round1(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? v
                : BigDecimal.valueOf(v).setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    static String fmtMs(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f ms", v);
    }

    static String fmt0(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String fmt1(Double v) {
        return v == null || v.isNaN() ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String signed(Double v) {
        return v == null ? "-" : (v >= 0 ? "+" : "") + (v == Math.rint(v) ? fmt0(v) : fmt1(v));
    }

    static String truncate(String s, int n) {
        return s == null || s.length() <= n ? s : s.substring(0, n) + "...";
    }
}
