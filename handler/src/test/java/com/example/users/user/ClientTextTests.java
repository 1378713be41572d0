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
  void keepsEveryCodePointOfTheSupplementaryPlanes() {
    // U+1D800, U+2D800 ... have a low half that looks like a surrogate when cut to a char.
    assertThat(ClientText.excerpt("\ud836\udc00 \ud876\udc00", 64))
        .isEqualTo("\ud836\udc00 \ud876\udc00");
    for (int cp = 0x10000; cp <= Character.MAX_CODE_POINT; cp++) {
      String text = new String(Character.toChars(cp));
      if (!ClientText.excerpt(text, 64).equals(text)) {
        throw new AssertionError(String.format("U+%X was escaped", cp));
      }
    }
  }

  @Test
  void escapesExactlyTheControlsAndSurrogatesOfTheBasicPlane() {
    for (int cp = 0; cp <= 0xffff; cp++) {
      String text = String.valueOf((char) cp);
      boolean escaped = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || (cp >= 0xd800 && cp <= 0xdfff);
      assertThat(ClientText.excerpt(text, 64))
          .as("U+%04X", cp)
          .isEqualTo(escaped ? String.format("\\u%04x", cp) : text);
    }
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
