package com.tradai.remediation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.guard.Verdict;
import java.util.List;

/**
 * The one report model. Rendered as text for people and JSON for machines; the JSON's shape is
 * versioned by {@code schemaVersion} and documented in the README.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
    int schemaVersion,
    String environment,
    Outcome outcome,
    String summary,
    AlarmView alarm,
    String runbook,
    String runbookTitle,
    String cause,
    String why,
    String seedFix,
    List<Finding> evidence,
    List<DecisionView> decisions,
    List<ChangeView> changes,
    Rejection rejection,
    String generatedAt) {

  public static final int SCHEMA_VERSION = 1;

  public Report {
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AlarmView(
      String name, String state, String previousState, String delivery, String arn, String region,
      String stateChangeTime, String reason, String metric) {}

  public record DecisionView(
      String action, String target, String proposed, String effective, Verdict verdict,
      List<String> guards) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChangeView(
      String action, String target, long before, long after, String status, String detail) {}
}
