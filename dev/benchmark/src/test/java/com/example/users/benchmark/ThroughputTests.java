package com.example.users.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which throughput rounds are measured: those the JIT was quiet in. */
class ThroughputTests {

  private static List<Throughput.Round> rounds(double... jitShares) {
    return java.util.Arrays.stream(jitShares)
        .mapToObj(s -> new Throughput.Round(s, false, List.of(), List.of()))
        .collect(Collectors.toList());
  }

  private static List<Boolean> measured(List<Throughput.Round> marked) {
    return marked.stream().map(Throughput.Round::measured).collect(Collectors.toList());
  }

  @Test
  void measuresTheFirstQuietRoundsAndDropsTheBusyOnes() {
    List<Throughput.Round> marked =
        Throughput.markMeasured(rounds(1.2, 0.6, 0.01, 0.07, 0.02, 0.03, 0.01), 3);

    assertThat(measured(marked)).containsExactly(false, false, true, false, true, true, false);
    assertThat(marked).extracting(Throughput.Round::jitShare).startsWith(1.2, 0.6, 0.01);
  }

  @Test
  void aRoundAtTheThresholdIsBusy() {
    assertThat(measured(Throughput.markMeasured(rounds(Throughput.QUIET_JIT, 0.0), 1)))
        .containsExactly(false, true);
  }

  @Test
  void takesTheLastRoundsWhenTooFewWereQuiet() {
    List<Throughput.Round> marked = Throughput.markMeasured(rounds(0.9, 0.01, 0.5, 0.3, 0.2), 3);

    assertThat(measured(marked)).containsExactly(false, false, true, true, true);
  }
}
