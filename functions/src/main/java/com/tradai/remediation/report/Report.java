package com.tradai.remediation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.guard.GuardNote;
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

  /**
   * A report for {@code environment} that came to {@code outcome}; everything else is named on the
   * builder, and what is not named stays absent (lists empty, severity from the outcome).
   */
  public static Builder builder(String environment, Outcome outcome, String summary) {
    return new Builder().environment(environment).outcome(outcome).summary(summary);
  }

  /** A request refused before anything ran: nothing changed, the rejection says why. */
  public static Report rejected(String environment, Rejection rejection, String generatedAt) {
    return builder(
            environment, Outcome.REJECTED, "Rejected, nothing changed: " + rejection.message())
        .rejection(rejection)
        .generatedAt(generatedAt)
        .build();
  }

  /** A builder holding every component of this report, to change some and build a copy. */
  public Builder toBuilder() {
    return new Builder()
        .schemaVersion(schemaVersion)
        .environment(environment)
        .outcome(outcome)
        .severity(severity)
        .summary(summary)
        .correlationId(correlationId)
        .alarm(alarm)
        .runbook(runbook)
        .runbookTitle(runbookTitle)
        .cause(cause)
        .why(why)
        .seedFix(seedFix)
        .evidence(evidence)
        .graphs(graphs)
        .decisions(decisions)
        .changes(changes)
        .verification(verification)
        .incident(incident)
        .rejection(rejection)
        .generatedAt(generatedAt)
        .incomplete(incomplete)
        .trackRecord(trackRecord);
  }

  /** The same report with the track record of fixes like its own. */
  public Report withTrackRecord(TrackRecordView value) {
    return toBuilder().trackRecord(value).build();
  }

  /**
   * How fixes like this one fared (same environment, runbook and fix kind), as the verifier
   * recorded them, and the mode the runbook runs in. {@code line} is what every rendering shows.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TrackRecordView(
      String runbook,
      String kind,
      String mode,
      int days,
      long recovered,
      long improving,
      long notRecovered,
      long rolledBack,
      long shadowCleared,
      long shadowBreaching,
      String line) {}

  public Report withCorrelationId(String id) {
    return toBuilder().correlationId(id).build();
  }

  /**
   * The same report, its summary led by {@code prefix} (a composite alarm's followed alarm says
   * so).
   */
  public Report withSummaryPrefix(String prefix) {
    return toBuilder().summary(prefix + summary).build();
  }

  public Report withGraphs(List<GraphView> value) {
    return toBuilder().graphs(value).build();
  }

  public Report withVerification(VerificationView value) {
    return toBuilder().verification(value).build();
  }

  /** The work the time budget cut short; the summary says so too. */
  public Report withIncomplete(IncompleteView value) {
    return toBuilder()
        .summary(summary + " — incomplete: " + value.describe())
        .incomplete(value)
        .build();
  }

  public Report withIncident(IncidentView value) {
    return toBuilder().incident(value).build();
  }

  /**
   * Names each part of a report as it is set, so no call site passes a run of nulls by position.
   * Unset parts are absent; {@code schemaVersion} defaults to {@link #SCHEMA_VERSION}.
   */
  public static final class Builder {
    private int schemaVersion = SCHEMA_VERSION;
    private String environment;
    private Outcome outcome;
    private Severity severity;
    private String summary;
    private String correlationId;
    private AlarmView alarm;
    private String runbook;
    private String runbookTitle;
    private String cause;
    private String why;
    private String seedFix;
    private List<Finding> evidence;
    private List<GraphView> graphs;
    private List<DecisionView> decisions;
    private List<ChangeView> changes;
    private VerificationView verification;
    private IncidentView incident;
    private Rejection rejection;
    private String generatedAt;
    private IncompleteView incomplete;
    private TrackRecordView trackRecord;

    private Builder() {}

    public Builder schemaVersion(int value) {
      schemaVersion = value;
      return this;
    }

    public Builder environment(String value) {
      environment = value;
      return this;
    }

    public Builder outcome(Outcome value) {
      outcome = value;
      return this;
    }

    /** Only to override the outcome's own severity; unset, {@link Severity#of} decides. */
    public Builder severity(Severity value) {
      severity = value;
      return this;
    }

    public Builder summary(String value) {
      summary = value;
      return this;
    }

    public Builder correlationId(String value) {
      correlationId = value;
      return this;
    }

    public Builder alarm(AlarmView value) {
      alarm = value;
      return this;
    }

    public Builder runbook(String value) {
      runbook = value;
      return this;
    }

    public Builder runbookTitle(String value) {
      runbookTitle = value;
      return this;
    }

    public Builder cause(String value) {
      cause = value;
      return this;
    }

    public Builder why(String value) {
      why = value;
      return this;
    }

    public Builder seedFix(String value) {
      seedFix = value;
      return this;
    }

    public Builder evidence(List<Finding> value) {
      evidence = value;
      return this;
    }

    /** A runbook's diagnosis: its cause, why, seed fix and findings as the evidence. */
    public Builder diagnosis(Diagnosis value) {
      return cause(value.cause())
          .why(value.why())
          .seedFix(value.seedFix())
          .evidence(value.findings());
    }

    public Builder graphs(List<GraphView> value) {
      graphs = value;
      return this;
    }

    public Builder decisions(List<DecisionView> value) {
      decisions = value;
      return this;
    }

    public Builder changes(List<ChangeView> value) {
      changes = value;
      return this;
    }

    public Builder verification(VerificationView value) {
      verification = value;
      return this;
    }

    public Builder incident(IncidentView value) {
      incident = value;
      return this;
    }

    public Builder rejection(Rejection value) {
      rejection = value;
      return this;
    }

    public Builder generatedAt(String value) {
      generatedAt = value;
      return this;
    }

    public Builder incomplete(IncompleteView value) {
      incomplete = value;
      return this;
    }

    public Builder trackRecord(TrackRecordView value) {
      trackRecord = value;
      return this;
    }

    public Report build() {
      return new Report(
          schemaVersion,
          environment,
          outcome,
          severity,
          summary,
          correlationId,
          alarm,
          runbook,
          runbookTitle,
          cause,
          why,
          seedFix,
          evidence,
          graphs,
          decisions,
          changes,
          verification,
          incident,
          rejection,
          generatedAt,
          incomplete,
          trackRecord);
    }
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
      String name,
      String state,
      String previousState,
      String delivery,
      String arn,
      String region,
      String stateChangeTime,
      String reason,
      String metric) {}

  /**
   * @param auditId the ledger's audit record of this decision (absent without a ledger or in a
   *     dry-run)
   * @param planId the pending plan an operator approves or rejects (NEEDS_APPROVAL only)
   * @param approvalExpiresAt when that plan can no longer be approved (NEEDS_APPROVAL only)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DecisionView(
      String action,
      String target,
      String proposed,
      String effective,
      Verdict verdict,
      List<GuardNote> guards,
      String auditId,
      String planId,
      String approvalExpiresAt) {
    public DecisionView(
        String action,
        String target,
        String proposed,
        String effective,
        Verdict verdict,
        List<GuardNote> guards) {
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
      String action,
      String target,
      long before,
      long after,
      ChangeStatus status,
      String detail,
      String auditId,
      String beforeName,
      String afterName) {
    public ChangeView(
        String action, String target, long before, long after, ChangeStatus status, String detail) {
      this(action, target, before, after, status, detail, null, null, null);
    }

    public ChangeView(
        String action,
        String target,
        long before,
        long after,
        ChangeStatus status,
        String detail,
        String auditId) {
      this(action, target, before, after, status, detail, auditId, null, null);
    }

    /** The change an action made, its ladder ranks named. */
    public static ChangeView of(
        com.tradai.remediation.core.Action a, ChangeStatus status, String detail, String auditId) {
      return new ChangeView(
          a.getClass().getSimpleName(),
          a.target(),
          a.before(),
          a.after(),
          status,
          detail,
          auditId,
          a.beforeName().orElse(null),
          a.afterName().orElse(null));
    }

    public ChangeView withAuditId(String id) {
      return new ChangeView(
          action, target, before, after, status, detail, id, beforeName, afterName);
    }

    public ChangeView withStatus(ChangeStatus newStatus) {
      return new ChangeView(
          action, target, before, after, newStatus, detail, auditId, beforeName, afterName);
    }

    /** "2 → 3", or "db.t4g.medium → db.t4g.large" for a ladder, with the given arrow. */
    public String fromTo(String arrow) {
      return (beforeName == null ? String.valueOf(before) : beforeName)
          + arrow
          + (afterName == null ? String.valueOf(after) : afterName);
    }

    /** "tradai-prod db.t4g.medium → db.t4g.large": how summaries name a change. */
    public String targetFromTo() {
      return target + " " + fromTo(" → ");
    }
  }

  /**
   * What to look at: a CloudWatch console link ({@code url}: all the run's series on one graph, the
   * environment's dashboard), or one evidence series drawn as a {@code sparkline} with the alarm's
   * breach in {@code [ ]} (see {@link Sparklines}).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GraphView(String title, String url, String sparkline) {
    public GraphView(String title, String url) {
      this(title, url, null);
    }
  }

  /**
   * When verification runs and, once it has run, what it found. {@code fix} is what was applied and
   * is being verified; {@code checks} are empty until the verifier has read them. {@code request}
   * is the check itself (the verification queue's message, kind {@code tradai-verification}): a
   * fix's report carries it to the verification queue, which subscribes to the results topic;
   * absent everywhere else.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record VerificationView(
      VerificationStatus status,
      int attempt,
      int maxAttempts,
      String checkAt,
      long delaySeconds,
      List<ChangeView> fix,
      List<CheckView> checks,
      String alarmState,
      String nextStep,
      com.fasterxml.jackson.databind.node.ObjectNode request) {
    public VerificationView {
      fix = fix == null ? List.of() : List.copyOf(fix);
      checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A view without the check message (every view but the one a fix's report carries). */
    public VerificationView(
        VerificationStatus status,
        int attempt,
        int maxAttempts,
        String checkAt,
        long delaySeconds,
        List<ChangeView> fix,
        List<CheckView> checks,
        String alarmState,
        String nextStep) {
      this(
          status,
          attempt,
          maxAttempts,
          checkAt,
          delaySeconds,
          fix,
          checks,
          alarmState,
          nextStep,
          null);
    }
  }

  /** One checklist item: its value when the fix was made and now, against its limit. */
  public record CheckView(
      String name, String before, String now, String threshold, boolean passed) {}

  /** The incident from ALARM to OK; {@code timeToRecoverSeconds} = OK time − ALARM time. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record IncidentView(
      String alarmAt, String okAt, long timeToRecoverSeconds, List<String> actionsTaken) {
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
  public record IncompleteView(
      long remainingMillis, List<String> skippedEvidence, List<String> notStarted) {
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
