package com.tradai.remediation.verify;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.TrackRecord;
import com.tradai.remediation.guard.Trust;
import com.tradai.remediation.ledger.Ledger;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.report.ChangeStatus;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each verification verdict in the track record of its runbook and fix kind, once per check
 * whatever SQS redelivers ({@link OncePerMessage}, key {@code record:{correlationId}#{attempt}}),
 * and puts the record the count returned into the check's report. A ledger that fails here, or a
 * claim another delivery holds, costs the count, never the check: the report goes out without its
 * record line (a count lost to a delivery killed between its claim and its count is not made up).
 */
public final class VerdictRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictRecorder.class);

  private final Ledger ledger;
  private final OncePerMessage once;
  private final Clock clock;
  private final int days;

  /**
   * @param days the window the report's line counts (the policy's minTrackRecord days, else 30)
   */
  public VerdictRecorder(Ledger ledger, OncePerMessage once, Clock clock, int days) {
    this.ledger = ledger;
    this.once = once;
    this.clock = clock;
    this.days = days;
  }

  /** The idempotency key of one check's count. */
  public static String key(VerificationRequest request) {
    return "record:" + request.correlationId() + "#" + request.attempt();
  }

  /** How a check's verdict counts: a shadow plan's apart from an applied fix's. Pure. */
  public static Optional<TrackRecord.Tally> tally(
      boolean shadow, Outcome verdict, boolean rolledBack) {
    return Optional.ofNullable(
        switch (verdict) {
          case RECOVERED -> shadow ? TrackRecord.Tally.SHADOW_CLEARED : TrackRecord.Tally.RECOVERED;
          case IMPROVING ->
              shadow ? TrackRecord.Tally.SHADOW_IMPROVING : TrackRecord.Tally.IMPROVING;
          case NOT_RECOVERED ->
              shadow
                  ? TrackRecord.Tally.SHADOW_BREACHING
                  : rolledBack ? TrackRecord.Tally.ROLLED_BACK : TrackRecord.Tally.NOT_RECOVERED;
          default -> null;
        });
  }

  public Report record(VerificationRequest request, Report report) {
    boolean rolledBack =
        report.changes().stream().anyMatch(c -> c.status() == ChangeStatus.ROLLED_BACK);
    Optional<TrackRecord.Tally> tally = tally(request.shadow(), report.outcome(), rolledBack);
    if (tally.isEmpty() || request.actions().isEmpty()) {
      return report;
    }
    try {
      OncePerMessage.Ticket ticket = once.take(key(request));
      if (!ticket.granted()) {
        return report; // counted by an earlier delivery of this check
      }
      Report.TrackRecordView view = null;
      for (String kind :
          new LinkedHashSet<>(request.actions().stream().map(Action::kind).toList())) {
        Map<String, Long> counters =
            ledger.countVerdict(
                request.environment(), request.runbook(), kind, tally.get(), clock.instant());
        if (view == null) {
          view =
              view(
                  request.environment(),
                  request.runbook(),
                  kind,
                  request.shadow() ? "shadow" : null,
                  TrackRecord.within(counters, Trust.day(clock.instant()), days),
                  days);
        }
      }
      ticket.done(tally.get().name());
      return report.withTrackRecord(view);
    } catch (RuntimeException e) {
      // an overlapping delivery counting this check (OncePerMessage.InFlight) or a ledger fault:
      // the check
      // goes out as judged; a count is worth less than a check SQS would deliver again
      LOG.error(
          "verdict {} not counted in the track record: {}",
          tally.get(),
          LogSafe.clean(e.getMessage()));
      return report;
    }
  }

  /** The report's view of a record. */
  public static Report.TrackRecordView view(
      String env, String runbook, String kind, String mode, TrackRecord r, int days) {
    return new Report.TrackRecordView(
        runbook,
        kind,
        mode,
        days,
        r.recovered(),
        r.improving(),
        r.notRecovered(),
        r.rolledBack(),
        r.shadowCleared(),
        r.shadowBreaching(),
        r.line(env, days));
  }
}
