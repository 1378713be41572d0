package com.example.users.benchmark;

import java.util.Arrays;

/** Order statistics of a sample of durations in nanoseconds (nearest-rank percentiles). */
final class Stats {

  private final long[] sorted;

  Stats(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.sorted = nanos.clone();
    Arrays.sort(sorted);
  }

  int count() {
    return sorted.length;
  }

  /** The nearest-rank percentile: the smallest sample with at least {@code p}% at or below it. */
  long percentile(double p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  /** The median (the mean of the two middle samples for an even count). */
  double median() {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  /** The median of any values, as {@link #median()} takes it; the values are not changed. */
  static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  long max() {
    return sorted[sorted.length - 1];
  }

  long min() {
    return sorted[0];
  }

  /** Nanoseconds as milliseconds with the given number of decimals. */
  static String ms(double nanos, int decimals) {
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", nanos / 1_000_000.0);
  }

  /** A ratio with two decimals, e.g. {@code 6.41}. */
  static String ratio(double a, double b) {
    return String.format(java.util.Locale.ROOT, "%.2f", a / b);
  }
}
