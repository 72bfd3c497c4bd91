package com.tradai.remediation.report;

/** Port: delivers a finished report to whoever subscribes. */
public interface ReportPublisher {
  void publish(Report report);
}
