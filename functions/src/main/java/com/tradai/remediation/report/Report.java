package com.tradai.remediation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.guard.Verdict;
import java.util.List;

/**
 * The one report model, rendered three ways: {@link TextReport} (email), JSON (this record as is;
 * its shape is {@code report.schema.json}, versioned by {@code schemaVersion}) and {@link
 * ChatbotReport} (AWS Chatbot custom notification). Alarm-originated text is cleaned before it gets
 * here; each rendering escapes it again for its own medium.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Report(
    int schemaVersion,
    String environment,
    Outcome outcome,
    Severity severity,
    String summary,
    String correlationId,
    AlarmView alarm,
    String runbook,
    String runbookTitle,
    String cause,
    String why,
    String seedFix,
    List<Finding> evidence,
    List<GraphView> graphs,
    List<DecisionView> decisions,
    List<ChangeView> changes,
    VerificationView verification,
    IncidentView incident,
    Rejection rejection,
    String generatedAt,
    IncompleteView incomplete,
    TrackRecordView trackRecord) {

  public static final int SCHEMA_VERSION = 2;

  public Report {
    severity = severity == null ? Severity.of(outcome) : severity;
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    graphs = graphs == null ? List.of() : List.copyOf(graphs);
    decisions = decisions == null ? List.of() : List.copyOf(decisions);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** A report without a track record. */
  public Report(int schemaVersion, String environment, Outcome outcome, Severity severity,
      String summary, String correlationId, AlarmView alarm, String runbook, String runbookTitle,
      String cause, String why, String seedFix, List<Finding> evidence, List<GraphView> graphs,
      List<DecisionView> decisions, List<ChangeView> changes, VerificationView verification,
      IncidentView incident, Rejection rejection, String generatedAt, IncompleteView incomplete) {
    this(schemaVersion, environment, outcome, severity, summary, correlationId, alarm, runbook,
        runbookTitle, cause, why, seedFix, evidence, graphs, decisions, changes, verification,
        incident, rejection, generatedAt, incomplete, null);
  }

  /** The same report with the track record of fixes like its own. */
  public Report withTrackRecord(TrackRecordView value) {
    return new Report(schemaVersion, environment, outcome, severity, summary, correlationId, alarm,
        runbook, runbookTitle, cause, why, seedFix, evidence, graphs, decisions, changes,
        verification, incident, rejection, generatedAt, incomplete, value);
  }

  /**
   * How fixes like this one fared (same environment, runbook and fix kind), as the verifier
   * recorded them, and the mode the runbook runs in. {@code line} is what every rendering shows.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TrackRecordView(String runbook, String kind, String mode, int days,
      long recovered, long improving, long notRecovered, long rolledBack, long shadowCleared,
      long shadowBreaching, String line) {}

  /** The shape the shell has always built; the newer parts are added with the {@code with} methods. */
  public Report(int schemaVersion, String environment, Outcome outcome, String summary,
      AlarmView alarm, String runbook, String runbookTitle, String cause, String why,
      String seedFix, List<Finding> evidence, List<DecisionView> decisions,
      List<ChangeView> changes, Rejection rejection, String generatedAt) {
    this(schemaVersion, environment, outcome, null, summary, null, alarm, runbook, runbookTitle,
        cause, why, seedFix, evidence, null, decisions, changes, null, null, rejection,
        generatedAt, null);
  }

  public Report withCorrelationId(String id) {
    return new Report(schemaVersion, environment, outcome, severity, summary, id, alarm, runbook,
        runbookTitle, cause, why, seedFix, evidence, graphs, decisions, changes, verification,
        incident, rejection, generatedAt, incomplete, trackRecord);
  }

  /** The same report, its summary led by {@code prefix} (a composite alarm's followed alarm says so). */
  public Report withSummaryPrefix(String prefix) {
    return new Report(schemaVersion, environment, outcome, severity, prefix + summary, correlationId, alarm,
        runbook, runbookTitle, cause, why, seedFix, evidence, graphs, decisions, changes,
        verification, incident, rejection, generatedAt, incomplete, trackRecord);
  }

  public Report withGraphs(List<GraphView> value) {
    return new Report(schemaVersion, environment, outcome, severity, summary, correlationId, alarm,
        runbook, runbookTitle, cause, why, seedFix, evidence, value, decisions, changes,
        verification, incident, rejection, generatedAt, incomplete, trackRecord);
  }

  public Report withVerification(VerificationView value) {
    return new Report(schemaVersion, environment, outcome, severity, summary, correlationId, alarm,
        runbook, runbookTitle, cause, why, seedFix, evidence, graphs, decisions, changes, value,
        incident, rejection, generatedAt, incomplete, trackRecord);
  }

  /** The work the time budget cut short; the summary says so too. */
  public Report withIncomplete(IncompleteView value) {
    return new Report(schemaVersion, environment, outcome, severity, summary + " — incomplete: "
        + value.describe(), correlationId, alarm, runbook, runbookTitle, cause, why, seedFix,
        evidence, graphs, decisions, changes, verification, incident, rejection, generatedAt, value,
        trackRecord);
  }

  public Report withIncident(IncidentView value) {
    return new Report(schemaVersion, environment, outcome, severity, summary, correlationId, alarm,
        runbook, runbookTitle, cause, why, seedFix, evidence, graphs, decisions, changes,
        verification, value, rejection, generatedAt, incomplete, trackRecord);
  }

  /** The change a subject line names: the fix under verification, else the first change. */
  public java.util.Optional<ChangeView> headlineChange() {
    if (verification != null && !verification.fix().isEmpty()) {
      return java.util.Optional.of(verification.fix().getFirst());
    }
    return changes.stream().findFirst();
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record AlarmView(
      String name, String state, String previousState, String delivery, String arn, String region,
      String stateChangeTime, String reason, String metric) {}

  /**
   * @param auditId the ledger's audit record of this decision (absent without a ledger or in a
   *     dry-run)
   * @param planId the pending plan an operator approves or rejects (NEEDS_APPROVAL only)
   * @param approvalExpiresAt when that plan can no longer be approved (NEEDS_APPROVAL only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionView(
      String action, String target, String proposed, String effective, Verdict verdict,
      List<String> guards, String auditId, String planId, String approvalExpiresAt) {
    public DecisionView(String action, String target, String proposed, String effective,
        Verdict verdict, List<String> guards) {
      this(action, target, proposed, effective, verdict, guards, null, null, null);
    }
  }

  /**
   * @param auditId the ledger's audit record of this change; a rollback names it
   * @param beforeName what {@code before} stands for when it is a rank on a ladder (an RDS class
   *     such as db.t4g.medium); null for plain numbers. {@code afterName} likewise.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ChangeView(
      String action, String target, long before, long after, ChangeStatus status, String detail,
      String auditId, String beforeName, String afterName) {
    public ChangeView(String action, String target, long before, long after, ChangeStatus status,
        String detail) {
      this(action, target, before, after, status, detail, null, null, null);
    }

    public ChangeView(String action, String target, long before, long after, ChangeStatus status,
        String detail, String auditId) {
      this(action, target, before, after, status, detail, auditId, null, null);
    }

    /** The change an action made, its ladder ranks named. */
    public static ChangeView of(com.tradai.remediation.core.Action a, ChangeStatus status, String detail,
        String auditId) {
      return new ChangeView(a.getClass().getSimpleName(), a.target(), a.before(), a.after(), status,
          detail, auditId, a.beforeName().orElse(null), a.afterName().orElse(null));
    }

    public ChangeView withAuditId(String id) {
      return new ChangeView(action, target, before, after, status, detail, id, beforeName, afterName);
    }

    public ChangeView withStatus(ChangeStatus newStatus) {
      return new ChangeView(action, target, before, after, newStatus, detail, auditId, beforeName, afterName);
    }

    /** "2 → 3", or "db.t4g.medium → db.t4g.large" for a ladder, with the given arrow. */
    public String fromTo(String arrow) {
      return (beforeName == null ? String.valueOf(before) : beforeName) + arrow
          + (afterName == null ? String.valueOf(after) : afterName);
    }

    /** "tradai-prod db.t4g.medium → db.t4g.large": how summaries name a change. */
    public String targetFromTo() {
      return target + " " + fromTo(" → ");
    }
  }

  /**
   * What to look at: a CloudWatch console link ({@code url}: all the run's series on one graph, the
   * environment's dashboard), or one evidence series drawn as a {@code sparkline} with the
   * alarm's breach in {@code [ ]} (see {@link Sparklines}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GraphView(String title, String url, String sparkline) {
    public GraphView(String title, String url) {
      this(title, url, null);
    }
  }

  /**
   * When verification runs and, once it has run, what it found. {@code fix} is what was applied
   * and is being verified; {@code checks} are empty until the verifier has read them. {@code
   * request} is the check itself (the verification queue's message, kind {@code
   * tradai-verification}): a fix's report carries it to the verification queue, which subscribes to
   * the results topic; absent everywhere else.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VerificationView(
      String status, int attempt, int maxAttempts, String checkAt, long delaySeconds,
      List<ChangeView> fix, List<CheckView> checks, String alarmState, String nextStep,
      com.fasterxml.jackson.databind.node.ObjectNode request) {
    public VerificationView {
      fix = fix == null ? List.of() : List.copyOf(fix);
      checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A view without the check message (every view but the one a fix's report carries). */
    public VerificationView(String status, int attempt, int maxAttempts, String checkAt,
        long delaySeconds, List<ChangeView> fix, List<CheckView> checks, String alarmState,
        String nextStep) {
      this(status, attempt, maxAttempts, checkAt, delaySeconds, fix, checks, alarmState, nextStep,
          null);
    }
  }

  /** One checklist item: its value when the fix was made and now, against its limit. */
  public record CheckView(String name, String before, String now, String threshold, boolean passed) {}

  /** The incident from ALARM to OK; {@code timeToRecoverSeconds} = OK time − ALARM time. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record IncidentView(String alarmAt, String okAt, long timeToRecoverSeconds,
      List<String> actionsTaken) {
    public IncidentView {
      actionsTaken = actionsTaken == null ? List.of() : List.copyOf(actionsTaken);
    }

    public IncidentView(String alarmAt, String okAt, long timeToRecoverSeconds) {
      this(alarmAt, okAt, timeToRecoverSeconds, List.of());
    }

    public IncidentView withActionsTaken(List<String> actions) {
      return new IncidentView(alarmAt, okAt, timeToRecoverSeconds, actions);
    }
  }

  /**
   * The invocation ran short of time (Lambda's remaining time): optional evidence skipped and
   * actions never started (each would have needed more time than was left).
   */
  public record IncompleteView(long remainingMillis, List<String> skippedEvidence, List<String> notStarted) {
    public IncompleteView {
      skippedEvidence = List.copyOf(skippedEvidence);
      notStarted = List.copyOf(notStarted);
    }

    public String describe() {
      List<String> parts = new java.util.ArrayList<>();
      parts.add("time budget short (" + remainingMillis + " ms left)");
      if (!skippedEvidence.isEmpty()) {
        parts.add("optional evidence skipped: " + String.join(", ", skippedEvidence));
      }
      if (!notStarted.isEmpty()) {
        parts.add("not started: " + String.join("; ", notStarted));
      }
      return String.join("; ", parts);
    }
  }
}
