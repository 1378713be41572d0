package com.example.users.benchmark.cost;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Properties;

/**
 * The prices and assumptions of {@code cost/prices.properties}: each price with the page it was
 * read from and the date. An empty value is a price that was not found.
 */
public final class Prices {

  private final Properties values;

  Prices(Properties values) {
    this.values = values;
  }

  /** The file on the class path. */
  public static Prices load() {
    Properties p = new Properties();
    InputStream in = Prices.class.getResourceAsStream("/cost/prices.properties");
    if (in == null) {
      throw new IllegalStateException("cost/prices.properties is not on the class path");
    }
    try (InputStreamReader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      p.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Prices(p);
  }

  /** A price or number, empty if the file leaves it blank (not found). */
  public Optional<Double> optional(String key) {
    String v = values.getProperty(key, "").trim();
    return v.isEmpty() ? Optional.empty() : Optional.of(Double.parseDouble(v));
  }

  /** A value the model cannot do without. */
  public double number(String key) {
    return optional(key)
        .orElseThrow(() -> new IllegalStateException(key + " is missing in prices.properties"));
  }

  /** A text value, e.g. an example log line. */
  public String text(String key) {
    String v = values.getProperty(key);
    if (v == null) {
      throw new IllegalStateException(key + " is missing in prices.properties");
    }
    return v;
  }

  /** Where a price comes from and when it was read. */
  public String source(String key) {
    return values.getProperty(key + ".source", "?") + ", " + values.getProperty(key + ".date", "?");
  }
}
