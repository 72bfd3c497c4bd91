package com.tradai.remediation.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.alarm.Rejection.Code;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading one field of a delivery, strictly: each reader either returns the value or throws the
 * {@link Rejection} that names the field's path and what was expected instead. The shape readers
 * throw; {@link AlarmIntake#parse} turns the throw into its one result.
 */
final class IntakeFields {
  static final Pattern ALARM_ARN =
      Pattern.compile("^arn:aws[a-z-]*:cloudwatch:([a-z0-9-]+):(\\d{12}):alarm:(.+)$");
  private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");

  private IntakeFields() {}

  static JsonNode readJson(ObjectMapper mapper, byte[] bytes, String what) {
    try {
      JsonNode node = mapper.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw fail(Code.INVALID_JSON, what + " is empty; expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      String why = e.getOriginalMessage();
      long offset =
          e.getLocation() == null
              ? -1
              : Math.max(e.getLocation().getCharOffset(), e.getLocation().getByteOffset());
      throw fail(
          Code.INVALID_JSON,
          what
              + " is not valid JSON"
              + (offset >= 0 ? " (at character " + offset + ")" : "")
              + ": "
              + why);
    } catch (java.io.IOException e) {
      throw fail(Code.INVALID_JSON, what + " could not be read: " + e.getMessage());
    }
  }

  /** Groups: 1 region, 2 account, 3 alarm name. */
  static Matcher arn(String arn, String path) {
    Matcher m = ALARM_ARN.matcher(arn);
    if (!m.matches()) {
      throw fail(
          Code.INVALID_FIELD,
          path
              + " '"
              + arn
              + "' is not a CloudWatch alarm ARN (arn:aws:cloudwatch:REGION:ACCOUNT:alarm:NAME)");
    }
    return m;
  }

  static AlarmState state(String value, String path) {
    return AlarmState.parse(value)
        .orElseThrow(
            () ->
                fail(
                    Code.INVALID_FIELD,
                    path + " '" + value + "' is not one of ALARM, OK, INSUFFICIENT_DATA"));
  }

  /** ISO-8601, also with the compact offset CloudWatch writes ({@code +0000}). */
  static Instant time(String value, String path) {
    String iso = COMPACT_OFFSET.matcher(value).replaceFirst("$1:$2");
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      throw fail(
          Code.INVALID_FIELD,
          path + " '" + value + "' is not a timestamp like 2026-11-27T10:15:00.000+0000");
    }
  }

  static String text(JsonNode node, String field, String path) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw fail(Code.MISSING_FIELD, path + " is missing");
    }
    if (!v.isTextual()) {
      throw fail(Code.INVALID_FIELD, path + " is a " + kind(v) + "; expected a string");
    }
    if (v.asText().isBlank()) {
      throw fail(Code.MISSING_FIELD, path + " is empty");
    }
    return v.asText();
  }

  static Optional<String> optionalText(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
  }

  static Optional<Double> number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isNumber() ? Optional.of(v.asDouble()) : Optional.empty();
  }

  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  static void requireDimensions(Map<String, String> dims, String path) {
    if (dims.isEmpty()) {
      throw fail(
          Code.MISSING_DIMENSIONS,
          path
              + " is empty or missing; without dimensions the target is unknown, so nothing is done");
    }
  }

  static void requireSomeDimensions(List<MathMetric> metrics, String path) {
    boolean any =
        metrics.stream()
            .anyMatch(m -> m.metric().map(x -> !x.dimensions().isEmpty()).orElse(false));
    if (!any) {
      throw fail(
          Code.MISSING_DIMENSIONS,
          path
              + " has no metric with dimensions; without them the target is unknown, so nothing is done");
    }
  }

  static IntakeException fail(Code code, String message) {
    return new IntakeException(Rejection.of(code, message));
  }

  /** Unwinds the parse to the single place that turns it into a result. */
  static final class IntakeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final transient Rejection rejection;

    IntakeException(Rejection rejection) {
      super(rejection.message(), null, false, false);
      this.rejection = rejection;
    }
  }
}
