package com.example.users.benchmark.cost;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The size DynamoDB bills an item by, by the rules of its developer guide ("Item sizes and
 * formats"): attribute names and string values in UTF-8 bytes, numbers one byte per two significant
 * digits plus one, booleans and null one byte, lists and maps three bytes plus one per element.
 */
public final class ItemSize {

  private ItemSize() {}

  /** The item's size in bytes. */
  public static int of(Map<String, AttributeValue> item) {
    int size = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      size += utf8(e.getKey()) + value(e.getValue());
    }
    return size;
  }

  static int value(AttributeValue v) {
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n());
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || Boolean.TRUE.equals(v.nul())) {
      return 1;
    }
    if (v.hasL()) {
      int size = 3;
      for (AttributeValue e : v.l()) {
        size += value(e) + 1;
      }
      return size;
    }
    if (v.hasM()) {
      int size = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        size += utf8(e.getKey()) + value(e.getValue()) + 1;
      }
      return size;
    }
    if (v.hasSs()) {
      return v.ss().stream().mapToInt(ItemSize::utf8).sum();
    }
    if (v.hasNs()) {
      return v.ns().stream().mapToInt(ItemSize::number).sum();
    }
    if (v.hasBs()) {
      return v.bs().stream().mapToInt(b -> b.asByteArray().length).sum();
    }
    throw new IllegalArgumentException("unknown attribute value " + v);
  }

  /** One byte per two significant digits (leading and trailing zeros trimmed), plus one. */
  static int number(String n) {
    BigDecimal d = new BigDecimal(n).stripTrailingZeros();
    int digits = d.signum() == 0 ? 1 : d.precision();
    return (digits + 1) / 2 + 1;
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
