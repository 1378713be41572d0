package com.example.users.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A small model of IAM's evaluation of one identity policy, enough for the documents the toolchain
 * writes: an explicit {@code Deny} wins, otherwise a request is allowed when an {@code Allow}
 * statement names its action (wildcards, case-insensitive) and its resource (wildcards,
 * case-sensitive) and every condition holds. Conditions support {@code StringEquals}, {@code
 * StringLike}, {@code ArnEquals} and {@code ArnLike}; a condition on a key the request does not
 * carry fails, as in IAM. Anything else in a document fails the evaluation loudly rather than being
 * guessed at.
 */
final class IamPolicyEvaluator {

  /** What a request asks: an action on a resource, with the condition keys it carries. */
  record Request(String action, String resource, Map<String, String> context) {
    @Override
    public String toString() {
      return action + " on " + resource + (context.isEmpty() ? "" : " with " + context);
    }
  }

  private final List<Map<String, Object>> statements;

  /** Reads a policy document as the toolchain's {@code Policies} builds it. */
  @SuppressWarnings("unchecked")
  IamPolicyEvaluator(Map<String, Object> document) {
    this.statements = (List<Map<String, Object>>) document.get("Statement");
  }

  /** Whether the policy allows the request. */
  boolean allows(Request request) {
    boolean allowed = false;
    for (Map<String, Object> statement : statements) {
      if (!matches(statement, request)) {
        continue;
      }
      String effect = (String) statement.get("Effect");
      if (effect.equals("Deny")) {
        return false;
      }
      allowed |= effect.equals("Allow");
    }
    return allowed;
  }

  private static boolean matches(Map<String, Object> statement, Request request) {
    for (String key : statement.keySet()) {
      if (!List.of("Sid", "Effect", "Action", "Resource", "Condition").contains(key)) {
        throw new IllegalStateException("the evaluator does not model " + key + ": " + statement);
      }
    }
    boolean action =
        strings(statement.get("Action")).stream()
            .anyMatch(
                a ->
                    glob(a.toLowerCase(Locale.ROOT))
                        .matcher(request.action().toLowerCase(Locale.ROOT))
                        .matches());
    boolean resource =
        strings(statement.get("Resource")).stream()
            .anyMatch(r -> glob(r).matcher(request.resource()).matches());
    return action && resource && conditions(statement.get("Condition"), request);
  }

  @SuppressWarnings("unchecked")
  private static boolean conditions(Object condition, Request request) {
    if (condition == null) {
      return true;
    }
    for (Map.Entry<String, Object> operator : ((Map<String, Object>) condition).entrySet()) {
      boolean like =
          switch (operator.getKey()) {
            case "StringEquals", "ArnEquals" -> false;
            case "StringLike", "ArnLike" -> true;
            default ->
                throw new IllegalStateException(
                    "the evaluator does not model " + operator.getKey());
          };
      for (Map.Entry<String, Object> test :
          ((Map<String, Object>) operator.getValue()).entrySet()) {
        String actual = request.context().get(test.getKey());
        if (actual == null) {
          return false;
        }
        boolean any =
            strings(test.getValue()).stream()
                .anyMatch(v -> like ? glob(v).matcher(actual).matches() : v.equals(actual));
        if (!any) {
          return false;
        }
      }
    }
    return true;
  }

  private static List<String> strings(Object value) {
    if (value instanceof String s) {
      return List.of(s);
    }
    List<String> out = new ArrayList<>();
    for (Object item : (List<?>) value) {
      out.add((String) item);
    }
    return out;
  }

  /** IAM's wildcards: {@code *} any characters, {@code ?} one. */
  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
