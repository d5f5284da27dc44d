package dev.statefun.kafka.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Median, lowest and highest of a figure over runs (rounds or probes); empty when no run has it. */
record Spread(int count, double median, double min, double max) {

  static final Spread NONE = new Spread(0, Double.NaN, Double.NaN, Double.NaN);

  /** Over the values that are numbers (a run that never got there has NaN). */
  static Spread of(double[] values) {
    double[] numbers = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    if (numbers.length == 0) {
      return NONE;
    }
    return new Spread(numbers.length, Report.median(numbers), Arrays.stream(numbers).min().getAsDouble(),
        Arrays.stream(numbers).max().getAsDouble());
  }

  boolean empty() {
    return count == 0;
  }

  /** {@code 5.9 s (5.7–6.6)}, just the median when there is one value, "-" when none. */
  String text(String format, String unit) {
    if (empty()) {
      return "-";
    }
    String median = String.format(format, this.median) + unit;
    return count == 1 ? median : median + " (" + String.format(format, min) + "–" + String.format(format, max) + ")";
  }

  /** {@code {"median", "min", "max"}} rounded to {@code scale} (10 = one decimal), or null when empty. */
  Map<String, Object> json(int scale) {
    if (empty()) {
      return null;
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("median", Math.round(median * scale) / (double) scale);
    json.put("min", Math.round(min * scale) / (double) scale);
    json.put("max", Math.round(max * scale) / (double) scale);
    return json;
  }
}
