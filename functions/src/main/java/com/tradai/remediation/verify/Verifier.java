package com.tradai.remediation.verify;

import com.tradai.remediation.config.VerificationPolicy;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.core.MetricQuery;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.observe.Observability;
import com.tradai.remediation.ports.AlarmStateReader;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.ports.MetricReader;
import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.ports.VerificationScheduler;
import com.tradai.remediation.report.Graphs;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.Sparklines;
import com.tradai.remediation.report.VerificationStatus;
import com.tradai.remediation.runbook.Targets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imperative shell of verification: read the checklist's metrics (one batch, from before the
 * fix to now) and the alarm's state, judge (pure), then act: recovered → report (and close the
 * incident if the alarm is OK); improving → check once more later; not recovered → escalate at high
 * severity and, where policy allows and the metric got worse, roll the fix back (through {@link
 * Rollback}: in the functions, the ledger's guarded rollback). The page goes out once per check
 * ({@link OncePerMessage}, key {@code escalate:{correlationId}#{attempt}}): a redelivered check
 * still publishes its report to the results topic (informational, idempotent for its readers) and
 * says the escalation was already sent.
 */
public final class Verifier {
  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  private final Targets targets;
  private final VerificationPolicy policy;
  private final MetricReader metrics;
  private final AlarmStateReader alarms;
  private final VerificationScheduler scheduler;
  private final Rollback rollback;
  private final Optional<ReportPublisher> results;
  private final Optional<ReportPublisher> escalation;
  private final OncePerMessage once;
  private final Clock clock;
  private final List<Consumer<Report>> listeners = new ArrayList<>();
  private Optional<VerdictRecorder> recorder = Optional.empty();

  public Verifier(
      Targets targets,
      VerificationPolicy policy,
      MetricReader metrics,
      AlarmStateReader alarms,
      VerificationScheduler scheduler,
      Rollback rollback,
      Optional<ReportPublisher> results,
      Optional<ReportPublisher> escalation,
      OncePerMessage once,
      Clock clock) {
    this.targets = targets;
    this.policy = policy;
    this.metrics = metrics;
    this.alarms = alarms;
    this.scheduler = scheduler;
    this.rollback = rollback;
    this.results = results;
    this.escalation = escalation;
    this.once = once;
    this.clock = clock;
  }

  /** Seam: each verdict counted once in the track record, and the record shown in the report. */
  public Verifier recordWith(VerdictRecorder recorder) {
    this.recorder = Optional.of(recorder);
    return this;
  }

  public Verifier onReport(Consumer<Report> listener) {
    listeners.add(listener);
    return this;
  }

  public Report verify(VerificationRequest request) {
    Observability.correlate(request.correlationId());
    try {
      Acted acted = judgeAndAct(request);
      Report report = recorder.map(r -> r.record(request, acted.report())).orElse(acted.report());
      results.ifPresent(p -> p.publish(report));
      acted
          .page()
          .filter(OncePerMessage.Ticket::granted)
          .ifPresent(
              ticket -> {
                escalation.orElseThrow().publish(report);
                ticket.done("ESCALATED");
              });
      listeners.forEach(l -> l.accept(report));
      return report;
    } finally {
      Observability.uncorrelate();
    }
  }

  /** The idempotency key of the page for one check of one incident. */
  public static String escalationKey(VerificationRequest request) {
    return "escalate:" + request.correlationId() + "#" + request.attempt();
  }

  /**
   * A verdict's report, and its page when it escalates: granted, or sent by an earlier delivery.
   */
  private record Acted(Report report, Optional<OncePerMessage.Ticket> page) {}

  private Acted judgeAndAct(VerificationRequest request) {
    // The window judged ends at the scheduled time: a late delivery (an SQS retry) still judges
    // the minutes the policy asked for, and a recorded request replays as recorded. Early: now.
    Instant clockNow = clock.instant();
    Instant now = request.checkAt().isBefore(clockNow) ? request.checkAt() : clockNow;
    Duration window = Duration.ofMinutes(policy.windowMinutes());
    List<Checklist.Item> items = Checklist.items(request.alarm(), targets, policy);
    List<MetricQuery> queries = items.stream().map(Checklist.Item::query).toList();
    Instant from = request.fixedAt().minus(window);
    Map<String, Series> series = queries.isEmpty() ? Map.of() : metrics.read(queries, from, now);
    List<Check> checks = Checklist.evaluate(items, series, request.fixedAt(), now, window);
    AlarmStatus status = alarms.read(request.alarm().name());
    Verification.Verdict verdict =
        Verification.judge(
            checks, status, request.attempt(), request.maxChecks(), policy.improvementPercent());
    LOG.info(
        "verification {} of {} for {}: {} ({})",
        request.attempt(),
        request.maxChecks(),
        LogSafe.clean(request.alarm().name()),
        verdict.outcome(),
        verdict.why());

    String next;
    Rollback.Result rolled = Rollback.Result.none();
    Optional<OncePerMessage.Ticket> page = Optional.empty();
    switch (verdict.outcome()) {
      case IMPROVING -> {
        VerificationRequest again = request.next(clockNow, policy.delaySeconds());
        boolean sent = scheduler.scheduleOnce(again, policy.delaySeconds());
        next =
            "check "
                + again.attempt()
                + " of "
                + again.maxChecks()
                + " at "
                + again.checkAt()
                + (sent ? "" : " (already scheduled by an earlier delivery of this check)");
      }
      case NOT_RECOVERED -> {
        // a shadow plan applied nothing: nothing to roll back, and no one is paged for the record
        boolean rollsBack = verdict.worse() && policy.rollbackOnWorse() && !request.shadow();
        if (rollsBack) {
          rolled = rollBack(request, verdict.why());
        }
        // claimed after the rollback (which has its own claim) and before anything is published
        page =
            request.shadow()
                ? Optional.empty()
                : escalation.map(e -> once.take(escalationKey(request)));
        String escalated =
            page.map(OncePerMessage.Ticket::granted).orElse(true)
                ? "escalated at high severity"
                : "escalation already sent by an earlier delivery of this check (not paged again)";
        if (request.shadow()) {
          next = "shadow: nothing was applied; the alarm kept breaching without the fix";
        } else if (rollsBack) {
          next =
              rolled.rolledBack()
                  ? escalated + "; the fix was rolled back (the metric got worse)"
                  : escalated
                      + "; the metric got worse but this check rolled nothing back: "
                      + decides(String.join("; ", rolled.why()));
        } else {
          next =
              escalated
                  + "; "
                  + (verdict.worse()
                      ? "policy keeps the fix in place (rollbackOnWorse is off)"
                      : "the fix stays: the metric did not get worse")
                  + "; a person decides";
        }
      }
      default ->
          next =
              (request.shadow() ? "shadow: the alarm cleared without the fix; " : "")
                  + (status.isOk() ? "incident closed" : "nothing to do; the alarm will clear");
    }
    Report.IncidentView incident =
        status.isOk() && status.since().isPresent()
            ? new Report.IncidentView(
                request.alarm().alarmAt().toString(),
                status.since().get().toString(),
                Duration.between(request.alarm().alarmAt(), status.since().get()).toSeconds())
            : null;
    Report.VerificationView view =
        new Report.VerificationView(
            VerificationStatus.of(verdict.outcome()),
            request.attempt(),
            request.maxChecks(),
            now.toString(),
            policy.delaySeconds(),
            request.changes(),
            checks.stream()
                .map(
                    c ->
                        new Report.CheckView(
                            c.name(),
                            Check.text(c.before(), c.unit()),
                            Check.text(c.now(), c.unit()),
                            c.thresholdText(),
                            c.healthy().orElse(true)))
                .toList(),
            status.state(),
            next);
    Report.AlarmView alarm =
        new Report.AlarmView(
            LogSafe.clean(request.alarm().name()),
            status.state(),
            null,
            "VERIFICATION",
            LogSafe.clean(request.alarm().arn()),
            request.alarm().region(),
            request.alarm().alarmAt().toString(),
            null,
            null);
    String fix =
        String.join("; ", request.changes().stream().map(Report.ChangeView::targetFromTo).toList());
    String summary =
        request.runbookTitle()
            + ": "
            + (request.shadow() ? "shadow plan (not applied) " : "")
            + fix
            + " "
            + verdict.outcome()
            + " — "
            + verdict.why();
    return new Acted(
        Report.builder(request.environment(), verdict.outcome(), summary)
            // a shadow plan's check changed nothing and pages no one
            .severity(request.shadow() ? com.tradai.remediation.report.Severity.LOW : null)
            .correlationId(request.correlationId())
            .alarm(alarm)
            .runbook(request.runbook())
            .runbookTitle(request.runbookTitle())
            .graphs(
                Graphs.of(
                    queries,
                    series,
                    new Sparklines.Breach(
                        request.alarm().metric(), Optional.of(request.alarm().alarmAt())),
                    request.alarm().region(),
                    from,
                    now,
                    Graphs.dashboard(targets.project(), targets.environment())))
            .decisions(rolled.decisions())
            .changes(rolled.changes())
            .verification(view)
            .incident(incident)
            .generatedAt(clockNow.toString())
            .build(),
        page);
  }

  /** Ends with "; a person decides", once (a refused rollback's own sentence already says it). */
  private static String decides(String why) {
    return why.endsWith("a person decides") ? why : why + "; a person decides";
  }

  /** The one place a rollback happens. */
  Rollback.Result rollBack(VerificationRequest request, String reason) {
    return rollback.rollBack(request, reason);
  }
}
