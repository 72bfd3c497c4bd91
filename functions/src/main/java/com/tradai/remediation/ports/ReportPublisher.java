package com.tradai.remediation.ports;

import com.tradai.remediation.report.Report;

/** Port: delivers a finished report to whoever subscribes. */
public interface ReportPublisher {
  void publish(Report report);
}
