package com.example.users.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict UTF-8 decoding: malformed input is an error, never silently replaced. */
final class Utf8 {
  private Utf8() {}

  static Optional<String> decodeStrict(byte[] bytes, int length) {
    boolean ascii = true;
    for (int i = 0; i < length && ascii; i++) {
      ascii = bytes[i] >= 0;
    }
    if (ascii) {
      // Every byte sequence of ASCII is valid UTF-8 and means the same; no decoder needed.
      return Optional.of(new String(bytes, 0, length, StandardCharsets.US_ASCII));
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, length))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
