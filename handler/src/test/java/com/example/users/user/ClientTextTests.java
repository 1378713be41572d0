package com.example.users.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientTextTests {

  @Test
  void keepsPrintableText() {
    assertThat(ClientText.excerpt("nickname", 64)).isEqualTo("nickname");
    assertThat(ClientText.excerpt("Zoë 😀 ü", 64)).isEqualTo("Zoë 😀 ü");
  }

  @Test
  void escapesControlCharacters_c0_del_andC1() {
    assertThat(ClientText.excerpt("a\nb\rc\u0000d\u001be\u007ff\u0085g\u009fh", 64))
        .isEqualTo("a\\u000ab\\u000dc\\u0000d\\u001be\\u007ff\\u0085g\\u009fh");
  }

  @Test
  void escapesUnpairedSurrogates_butKeepsPairs() {
    assertThat(ClientText.excerpt("x\ud83dy\ude00z\ud83d\ude00", 64))
        .isEqualTo("x\\ud83dy\\ude00z\ud83d\ude00");
  }

  @Test
  void cutsAtCodePoints_neverInsideAPair() {
    assertThat(ClientText.excerpt("abcdef", 3)).isEqualTo("abc...");
    assertThat(ClientText.excerpt("abc", 3)).isEqualTo("abc");
    assertThat(ClientText.excerpt("😀😀😀😀", 2)).isEqualTo("😀😀...");
    assertThat(ClientText.excerpt("a😀", 1)).isEqualTo("a...");
  }

  @Test
  void theCutCountsEscapedCharactersOnce() {
    assertThat(ClientText.excerpt("\n\n\n\n", 2)).isEqualTo("\\u000a\\u000a...");
  }
}
