package com.tradai.remediation.handler;

import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.report.Escalation;
import com.tradai.remediation.report.Report;

/**
 * Publishes every report to the results topic and, when {@link Escalation} says a person is needed,
 * to the escalation topic as well. Both are attempted even if one fails, so a results outage does
 * not swallow a page; the first failure then escapes (Lambda's retry and on-failure destination
 * keep the event).
 */
public final class EscalatingPublisher implements ReportPublisher {
  private final ReportPublisher results;
  private final ReportPublisher escalation;

  public EscalatingPublisher(ReportPublisher results, ReportPublisher escalation) {
    this.results = results;
    this.escalation = escalation;
  }

  @Override
  public void publish(Report report) {
    RuntimeException failure = null;
    try {
      results.publish(report);
    } catch (RuntimeException e) {
      failure = e;
    }
    if (Escalation.needed(report)) {
      try {
        escalation.publish(report);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
