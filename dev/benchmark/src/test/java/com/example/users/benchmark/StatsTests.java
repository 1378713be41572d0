package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatsTests {

  @Test
  void percentiles_shouldUseNearestRank() {
    long[] samples = new long[100];
    for (int i = 0; i < 100; i++) {
      samples[i] = 100 - i; // unsorted on purpose
    }
    Stats s = new Stats(samples);
    assertThat(s.percentile(50)).isEqualTo(50);
    assertThat(s.percentile(99)).isEqualTo(99);
    assertThat(s.percentile(100)).isEqualTo(100);
    assertThat(s.min()).isEqualTo(1);
    assertThat(s.max()).isEqualTo(100);
    assertThat(s.count()).isEqualTo(100);
  }

  @Test
  void median_shouldAverageTheMiddlePairOfAnEvenSample() {
    assertThat(new Stats(new long[] {4, 1, 3, 2}).median()).isEqualTo(2.5);
    assertThat(new Stats(new long[] {5, 1, 3}).median()).isEqualTo(3.0);
  }

  @Test
  void medianOfValues_shouldAverageTheMiddlePair_andLeaveTheValuesAsTheyWere() {
    double[] values = {0.9, 0.7, 0.8, 1.07};
    assertThat(Stats.median(values)).isEqualTo(0.85, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Stats.median(new double[] {0.71, 0.65, 0.8})).isEqualTo(0.71);
    assertThat(values).containsExactly(0.9, 0.7, 0.8, 1.07);
  }

  @Test
  void p99_ofASmallSample_shouldBeItsMaximum() {
    assertThat(new Stats(new long[] {1, 2, 3, 1000}).percentile(99)).isEqualTo(1000);
  }

  @Test
  void stats_shouldRefuseNonsense() {
    assertThatThrownBy(() -> new Stats(new long[0])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Stats(new long[] {1}).percentile(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void formatting_shouldBeLocaleIndependent() {
    assertThat(Stats.ms(1_234_567, 2)).isEqualTo("1.23");
    assertThat(Stats.ratio(10, 4)).isEqualTo("2.50");
  }
}
