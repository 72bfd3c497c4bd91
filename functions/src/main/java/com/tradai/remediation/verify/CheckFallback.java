package com.tradai.remediation.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.ports.VerificationScheduler;
import com.tradai.remediation.report.Report;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a report; when that fails and the report carries a fix's check, sends the check
 * straight to the verification queue before the failure escapes. A fix's check normally rides on
 * its report (no call of its own), and Lambda's retry of the failed invocation finds the transition
 * claimed and answers "duplicate" without a check, so without this an applied fix whose report
 * could not be published would never be verified. The happy path makes no extra call.
 */
public final class CheckFallback implements ReportPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(CheckFallback.class);

  private final ReportPublisher results;
  private final VerificationScheduler queue;
  private final ObjectMapper mapper;
  private final Clock clock;

  public CheckFallback(
      ReportPublisher results, VerificationScheduler queue, ObjectMapper mapper, Clock clock) {
    this.results = results;
    this.queue = queue;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void publish(Report report) {
    try {
      results.publish(report);
    } catch (RuntimeException failed) {
      check(report)
          .ifPresent(
              check -> {
                long delay =
                    Math.max(0, Duration.between(clock.instant(), check.checkAt()).toSeconds());
                try {
                  queue.schedule(check, delay);
                  LOG.warn(
                      "report not published ({}); its check for {} went straight to the verification "
                          + "queue, due {}",
                      failed.getClass().getSimpleName(),
                      LogSafe.clean(check.correlationId()),
                      check.checkAt());
                } catch (RuntimeException alsoFailed) {
                  failed.addSuppressed(alsoFailed);
                  LOG.error(
                      "report not published and its check not queued: {}; the fix in {} needs a "
                          + "manual check",
                      LogSafe.clean(alsoFailed.getMessage()),
                      LogSafe.clean(check.correlationId()));
                }
              });
      throw failed;
    }
  }

  private Optional<VerificationRequest> check(Report report) {
    return Optional.ofNullable(report.verification())
        .filter(v -> v.status().scheduled())
        .map(Report.VerificationView::request)
        .map(r -> VerificationRequest.fromJson(r, mapper));
  }
}
