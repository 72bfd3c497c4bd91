package com.tradai.remediation.handler;

import com.tradai.remediation.alarm.Alarm;
import com.tradai.remediation.alarm.AlarmConfirmation;
import com.tradai.remediation.alarm.Delivery;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.core.Series;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.runbook.EvidenceRequest;
import com.tradai.remediation.runbook.Runbook;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remediator's use of {@link AlarmConfirmer}: the DescribeAlarms read starts beside the
 * evidence reads, and its answer decides before anything is planned against the alarm. A manual
 * diagnose names its own alarm and never applies (it is always a dry run), so it is not checked. A
 * composite alarm is not checked itself: it has no metric and changes nothing; each alarm it
 * follows is routed through here and confirmed on its own (exists, in ALARM, its definition), so
 * every fix still rests on a metric alarm CloudWatch confirms.
 */
final class AlarmChecks {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmChecks.class);

  private AlarmChecks() {}

  /** Starts the confirmation among the invocation's parallel reads; empty when none applies. */
  static Optional<Future<AlarmConfirmation>> start(
      Optional<AlarmConfirmer> confirmer, Alarm alarm, ParallelReads reads) {
    if (alarm.delivery() == Delivery.MANUAL) {
      return Optional.empty();
    }
    return confirmer.map(c -> reads.start(() -> c.confirm(alarm)));
  }

  /**
   * The series read for the delivery's request, or read again for CloudWatch's when the confirmed
   * definition asks for other metrics (a payload that left a field out that CloudWatch fills in).
   */
  static Map<String, Series> sameMetrics(
      EvidenceRequest confirmed,
      EvidenceRequest delivered,
      Map<String, Series> read,
      Function<EvidenceRequest, Map<String, Series>> reread) {
    return confirmed.metrics().equals(delivered.metrics()) ? read : reread.apply(confirmed);
  }

  /**
   * The diagnosis as advice: the alarm could not be confirmed, so nothing is guarded or applied.
   */
  static Report adviceOnly(
      String environment,
      Runbook runbook,
      Diagnosis d,
      Report.AlarmView view,
      String why,
      Clock clock) {
    String summary =
        runbook.title()
            + ": "
            + (d.causeFound() ? d.cause() : "no cause found")
            + " — advice only, nothing was changed: "
            + LogSafe.clean(why)
            + ". Advice: "
            + d.seedFix();
    LOG.warn("{}: {}", runbook.id(), LogSafe.clean(summary));
    return Report.builder(environment, Outcome.ADVICE_ONLY, summary)
        .alarm(view)
        .runbook(runbook.id())
        .runbookTitle(runbook.title())
        .diagnosis(d)
        .generatedAt(clock.instant().toString())
        .build();
  }
}
