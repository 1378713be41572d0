package com.example.users.benchmark.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's item-size rules, case by case. */
class ItemSizeTests {

  @Test
  void of_shouldCountNamesAndValues_whenScalars() {
    assertThat(ItemSize.of(Map.of("username", AttributeValue.fromS("john")))).isEqualTo(12);
    assertThat(ItemSize.of(Map.of("é", AttributeValue.fromS("ü")))).isEqualTo(4); // UTF-8 bytes
    assertThat(ItemSize.of(Map.of("age", AttributeValue.fromN("42")))).isEqualTo(5);
    assertThat(ItemSize.of(Map.of("ok", AttributeValue.fromBool(true)))).isEqualTo(3);
    assertThat(ItemSize.of(Map.of("x", AttributeValue.fromNul(true)))).isEqualTo(2);
  }

  @Test
  void number_shouldCountSignificantDigits_whenZerosTrimmed() {
    assertThat(ItemSize.number("100")).isEqualTo(2); // 1 significant digit
    assertThat(ItemSize.number("0")).isEqualTo(2);
    assertThat(ItemSize.number("123.45")).isEqualTo(4); // 5 digits → 3 + 1
    assertThat(ItemSize.number("-1234")).isEqualTo(3);
  }

  @Test
  void of_shouldAddOverhead_whenListsAndMaps() {
    // 4 + 3 + (1 + 1) + (1 + 1)
    assertThat(
            ItemSize.of(
                Map.of(
                    "tags",
                    AttributeValue.fromL(
                        List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b"))))))
        .isEqualTo(11);
    // 1 + 3 + (1 + 1 + 1) = 7
    assertThat(
            ItemSize.of(
                Map.of("m", AttributeValue.fromM(Map.of("k", AttributeValue.fromBool(false))))))
        .isEqualTo(7);
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("username", AttributeValue.fromS("john"));
    item.put("age", AttributeValue.fromN("42"));
    assertThat(ItemSize.of(item)).isEqualTo(17);
  }
}
