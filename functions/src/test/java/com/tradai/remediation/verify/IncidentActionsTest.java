package com.tradai.remediation.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.handler.Remediator;
import com.tradai.remediation.report.Outcome;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.TextReport;
import com.tradai.remediation.testing.Resources;
import com.tradai.remediation.testing.Scenario;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An OK transition closes the incident with its time to recover and the fixes the ledger recorded.
 */
class IncidentActionsTest {

  @Test
  void okListsTheFixesAppliedBetweenAlarmAndOk() {
    Scenario s = new Scenario();
    Remediator remediator =
        s.remediator("api-latency-load-spike.json")
            .closeIncidentsWith(new IncidentCloser((name, okAt) -> Optional.of(Scenario.ALARM_AT)));

    Report fix = remediator.handle(Resources.bytes("/events/sns-api-latency-alarm.json"));
    Report ok = remediator.handle(Resources.bytes("/events/sns-api-latency-ok.json"));

    assertThat(fix.outcome()).isEqualTo(Outcome.REMEDIATED);
    assertThat(ok.outcome()).isEqualTo(Outcome.RECORDED_OK);
    assertThat(ok.incident().timeToRecoverSeconds()).isEqualTo(27 * 60);
    assertThat(ok.incident().actionsTaken())
        .singleElement()
        .asString()
        .startsWith(
            "ScaleEcsService tradai-backend-dev desiredCount 2 → 3 (audit 20261127T101530.000Z-");
    assertThat(TextReport.body(ok))
        .contains("  action taken: ScaleEcsService tradai-backend-dev desiredCount 2 → 3");
  }

  @Test
  void anOkWithNoFixInItsIncidentListsNone() {
    Scenario s = new Scenario();
    Remediator remediator =
        s.remediator("api-latency-load-spike.json")
            .closeIncidentsWith(new IncidentCloser((name, okAt) -> Optional.of(Scenario.ALARM_AT)));

    Report ok = remediator.handle(Resources.bytes("/events/sns-api-latency-ok.json"));

    assertThat(ok.incident().actionsTaken()).isEmpty();
  }
}
