package com.tradai.remediation.core;

import java.util.List;

/**
 * The runbook's verdict: the cause from the on-call runbook's table (or none), the findings that
 * led there, and why.
 *
 * @param seedFix the fix the on-call runbook gives for this cause, as it words it (the name is the
 *     report's JSON field {@code seedFix}, kept so that consumers of the report do not break)
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
