package com.tradai.remediation.handler;

import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.Severity;
import java.util.Map;

/**
 * The run finished but its report could not be published. On Lambda the invocation fails with it,
 * so Lambda's retries and on-failure destination keep the event; a local run ({@code sam local
 * invoke} and {@code invoke} set {@code AWS_SAM_LOCAL=true}) answers {@link #failedReport()}
 * instead of a stack trace.
 */
public final class ReportNotPublished extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Report report;

  ReportNotPublished(Report report, RuntimeException cause) {
    super(
        "the report could not be published: "
            + cause.getClass().getSimpleName()
            + ": "
            + LogSafe.clean(cause.getMessage()),
        cause);
    this.report = report;
  }

  /** SAM's marker of a local run, which {@code invoke} sets too. */
  static boolean local(Map<String, String> env) {
    return "true".equals(env.get("AWS_SAM_LOCAL"));
  }

  /**
   * The run's report; a local run answers one that could not be published with {@link
   * #failedReport()}.
   */
  static Report answer(boolean local, java.util.function.Supplier<Report> run) {
    try {
      return run.get();
    } catch (ReportNotPublished e) {
      if (local) {
        return e.failedReport();
      }
      throw e;
    }
  }

  /** The run's own report, FAILED, saying first that it was not published and why. */
  public Report failedReport() {
    Report r = report;
    return r.toBuilder()
        .outcome(Outcome.FAILED)
        .severity(Severity.of(Outcome.FAILED))
        .summary(
            "Not published, "
                + getMessage()
                + ". The run itself: "
                + r.outcome()
                + ": "
                + r.summary())
        .trackRecord(null) // the failure answer has never carried the track record
        .build();
  }
}
