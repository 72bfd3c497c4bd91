package com.tradai.remediation.ports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.alarm.MetricIdentity;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.report.Report;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The message that schedules a check (the body of the verification queue's message): which fix, for
 * which alarm, made when, to check when, which check this is. It carries the applied actions so a
 * rollback can apply their inverses, and is the minimal incident record until a ledger holds it.
 * Parsing names the field at fault.
 */
public record VerificationRequest(
    String environment,
    String runbook,
    String runbookTitle,
    String correlationId,
    AlarmRef alarm,
    Instant fixedAt,
    Instant checkAt,
    int attempt,
    int maxChecks,
    List<Action> actions,
    List<Report.ChangeView> changes) {

  public static final String KIND = "tradai-verification";
  public static final int VERSION = 1;

  /** A shadow plan's check: nothing was applied; nothing may be rolled back. */
  public boolean shadow() {
    return !changes.isEmpty()
        && changes.stream()
            .allMatch(c -> c.status() == com.tradai.remediation.report.ChangeStatus.SHADOW);
  }

  public VerificationRequest {
    actions = List.copyOf(actions);
    changes = List.copyOf(changes);
  }

  /** The next check, {@code delaySeconds} after {@code now}. */
  public VerificationRequest next(Instant now, long delaySeconds) {
    return new VerificationRequest(
        environment,
        runbook,
        runbookTitle,
        correlationId,
        alarm,
        fixedAt,
        now.plusSeconds(delaySeconds),
        attempt + 1,
        maxChecks,
        actions,
        changes);
  }

  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode n = mapper.createObjectNode();
    n.put("kind", KIND);
    n.put("version", VERSION);
    n.put("environment", environment);
    n.put("runbook", runbook);
    n.put("runbookTitle", runbookTitle);
    n.put("correlationId", correlationId);
    ObjectNode a = n.putObject("alarm");
    a.put("name", alarm.name());
    a.put("arn", alarm.arn());
    a.put("region", alarm.region());
    a.put("alarmAt", alarm.alarmAt().toString());
    alarm
        .metric()
        .ifPresent(
            m -> {
              ObjectNode mn = a.putObject("metric");
              mn.put("namespace", m.namespace());
              mn.put("name", m.name());
              mn.set("dimensions", mapper.valueToTree(new java.util.TreeMap<>(m.dimensions())));
              mn.put("statistic", m.statistic());
              mn.put("periodSeconds", m.periodSeconds());
              m.threshold().ifPresent(t -> mn.put("threshold", t));
              m.comparison().ifPresent(c -> mn.put("comparison", c));
            });
    n.put("fixedAt", fixedAt.toString());
    n.put("checkAt", checkAt.toString());
    n.put("attempt", attempt);
    n.put("maxChecks", maxChecks);
    ArrayNode actionsNode = n.putArray("actions");
    for (Action action : actions) {
      ObjectNode an = mapper.valueToTree(action);
      an.put("type", action.getClass().getSimpleName());
      actionsNode.add(an);
    }
    n.set("changes", mapper.valueToTree(changes));
    return n;
  }

  public static VerificationRequest fromJson(JsonNode n, ObjectMapper mapper) {
    if (!KIND.equals(n.path("kind").asText())) {
      throw new IllegalArgumentException("kind must be '" + KIND + "', got " + n.get("kind"));
    }
    if (n.path("version").asInt() != VERSION) {
      throw new IllegalArgumentException(
          "version must be " + VERSION + ", got " + n.get("version"));
    }
    JsonNode a = object(n, "alarm");
    Optional<MetricIdentity> metric = Optional.empty();
    if (a.has("metric")) {
      JsonNode m = object(a, "alarm.metric");
      Map<String, String> dims = new LinkedHashMap<>();
      m.path("dimensions").properties().forEach(e -> dims.put(e.getKey(), e.getValue().asText()));
      metric =
          Optional.of(
              new MetricIdentity(
                  text(m, "alarm.metric.namespace"),
                  text(m, "alarm.metric.name"),
                  dims,
                  text(m, "alarm.metric.statistic"),
                  m.path("periodSeconds").asInt(60),
                  m.has("threshold")
                      ? Optional.of(m.get("threshold").asDouble())
                      : Optional.empty(),
                  m.has("comparison")
                      ? Optional.of(m.get("comparison").asText())
                      : Optional.empty()));
    }
    AlarmRef alarm =
        new AlarmRef(
            text(a, "alarm.name"),
            text(a, "alarm.arn"),
            text(a, "alarm.region"),
            instant(a, "alarm.alarmAt"),
            metric);
    int attempt = whole(n, "attempt");
    int maxChecks = whole(n, "maxChecks");
    if (attempt > maxChecks) {
      throw new IllegalArgumentException("attempt " + attempt + " is past maxChecks " + maxChecks);
    }
    List<Action> actions = new java.util.ArrayList<>();
    JsonNode list = n.path("actions");
    for (int i = 0; i < list.size(); i++) {
      actions.add(action(list.get(i), "actions[" + i + "]", mapper));
    }
    List<Report.ChangeView> changes = new java.util.ArrayList<>();
    for (JsonNode c : n.path("changes")) {
      changes.add(mapper.convertValue(c, Report.ChangeView.class));
    }
    return new VerificationRequest(
        text(n, "environment"),
        text(n, "runbook"),
        n.path("runbookTitle").asText(n.path("runbook").asText()),
        text(n, "correlationId"),
        alarm,
        instant(n, "fixedAt"),
        instant(n, "checkAt"),
        attempt,
        maxChecks,
        actions,
        changes);
  }

  private static Action action(JsonNode node, String at, ObjectMapper mapper) {
    String type = node.path("type").asText();
    Class<?> cls =
        Arrays.stream(Action.class.getPermittedSubclasses())
            .filter(c -> c.getSimpleName().equals(type))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        at
                            + ".type '"
                            + type
                            + "' is not an action; expected one of "
                            + Arrays.stream(Action.class.getPermittedSubclasses())
                                .map(Class::getSimpleName)
                                .toList()));
    ObjectNode fields = node.deepCopy();
    fields.remove("type");
    try {
      return (Action) mapper.treeToValue(fields, cls);
    } catch (Exception e) {
      throw new IllegalArgumentException(at + " is not a valid " + type + ": " + e.getMessage());
    }
  }

  private static JsonNode object(JsonNode n, String path) {
    JsonNode v = n.get(leaf(path));
    if (v == null || !v.isObject()) {
      throw new IllegalArgumentException(path + " is missing or not an object");
    }
    return v;
  }

  private static String text(JsonNode n, String path) {
    JsonNode v = n.get(leaf(path));
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(path + " is missing");
    }
    return v.asText();
  }

  private static int whole(JsonNode n, String path) {
    JsonNode v = n.get(path);
    if (v == null || !v.canConvertToInt() || v.asInt() < 1) {
      throw new IllegalArgumentException(path + " must be a whole number ≥ 1, got " + v);
    }
    return v.asInt();
  }

  private static Instant instant(JsonNode n, String path) {
    String s = text(n, path);
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(path + " '" + s + "' is not an ISO-8601 instant");
    }
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }
}
