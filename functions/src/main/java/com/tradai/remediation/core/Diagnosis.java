package com.tradai.remediation.core;

import java.util.List;

/**
 * The runbook's verdict: the cause from the seed's table (or none), the findings that led there,
 * and why.
 */
public record Diagnosis(String cause, String why, List<Finding> findings, String seedFix) {

  public static final String NO_CAUSE = "none found";

  public Diagnosis {
    findings = List.copyOf(findings);
  }

  public boolean causeFound() {
    return !NO_CAUSE.equals(cause);
  }
}
