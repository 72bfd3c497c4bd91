package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.core.Diagnosis;
import com.tradai.remediation.core.Finding;
import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import java.lang.reflect.RecordComponent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The builder carries every part of a report: none is dropped, renamed or defaulted on a copy. */
class ReportBuilderTest {

  /** Every component set, each to a value no default would give. */
  static Report everyPartSet() {
    Report.ChangeView change =
        new Report.ChangeView(
            "ScaleEcsService",
            "tradai-backend-prod",
            2,
            3,
            ChangeStatus.APPLIED,
            "desired count raised",
            "audit-1");
    return new Report(
        7,
        "prod",
        Outcome.REMEDIATED,
        Severity.LOW,
        "summary",
        "corr-1",
        new Report.AlarmView(
            "tradai-backend-prod-cpu",
            "ALARM",
            "OK",
            "SNS",
            "arn:alarm",
            "eu-west-1",
            "2026-12-05T10:00:00Z",
            "threshold crossed",
            "CPUUtilization"),
        "ecs-service",
        "ECS service",
        "cpu",
        "busy",
        "scale out",
        List.of(new Finding("CPU", "91%", "< 80%", true)),
        List.of(new Report.GraphView("CPU", "https://console/graph")),
        List.of(
            new Report.DecisionView(
                "ScaleEcsService",
                "tradai-backend-prod",
                "2 -> 3",
                "2 -> 3",
                Verdict.ALLOWED,
                List.of(GuardNote.said("cap", "3 is within the cap 6")))),
        List.of(change),
        new Report.VerificationView(
            VerificationStatus.SCHEDULED,
            1,
            3,
            "2026-12-05T10:05:00Z",
            300,
            List.of(change),
            List.of(),
            "ALARM",
            "verification runs later"),
        new Report.IncidentView("2026-12-05T10:00:00Z", "2026-12-05T10:09:00Z", 540),
        Rejection.of(Rejection.Code.INVALID_FIELD, "field x"),
        "2026-12-05T10:01:00Z",
        new Report.IncompleteView(900, List.of("logs"), List.of()),
        new Report.TrackRecordView(
            "ecs-service", "ecs-desired-count", "act", 30, 4, 1, 0, 0, 0, 0, "4 of 5 recovered"));
  }

  @Test
  void theFixtureLeavesNoComponentAbsent() {
    Report r = everyPartSet();
    for (RecordComponent c : Report.class.getRecordComponents()) {
      assertThat(value(c, r)).as(c.getName()).isNotNull();
    }
  }

  @Test
  void aCopyThroughTheBuilderEqualsTheOriginalInEveryComponent() {
    Report r = everyPartSet();
    Report copy = r.toBuilder().build();
    for (RecordComponent c : Report.class.getRecordComponents()) {
      assertThat(value(c, copy)).as(c.getName()).isEqualTo(value(c, r));
    }
    assertThat(copy).isEqualTo(r);
  }

  @Test
  void eachWithMethodChangesItsOwnPartAndKeepsTheRest() {
    Report r = everyPartSet();
    Report.IncidentView incident = new Report.IncidentView("a", "b", 1);
    assertThat(r.withIncident(incident))
        .isEqualTo(r.toBuilder().incident(incident).build())
        .isNotEqualTo(r);
    assertThat(r.withCorrelationId("corr-2").correlationId()).isEqualTo("corr-2");
    assertThat(r.withTrackRecord(null).toBuilder().trackRecord(r.trackRecord()).build())
        .isEqualTo(r);
    assertThat(r.withSummaryPrefix("followed: ").summary()).isEqualTo("followed: summary");
    assertThat(r.withIncomplete(r.incomplete()).summary())
        .isEqualTo(
            "summary — incomplete: time budget short (900 ms left); optional evidence"
                + " skipped: logs");
  }

  @Test
  void unsetPartsAreAbsentAndTheSeverityFollowsTheOutcome() {
    Report r = Report.builder("dev", Outcome.FAILED, "it failed").build();
    assertThat(r.schemaVersion()).isEqualTo(Report.SCHEMA_VERSION);
    assertThat(r.severity()).isEqualTo(Severity.of(Outcome.FAILED));
    assertThat(r.evidence()).isEmpty();
    assertThat(r.graphs()).isEmpty();
    assertThat(r.decisions()).isEmpty();
    assertThat(r.changes()).isEmpty();
    assertThat(r.alarm()).isNull();
    assertThat(r.verification()).isNull();
    assertThat(r.trackRecord()).isNull();
  }

  @Test
  void aDiagnosisFillsCauseWhySeedFixAndEvidence() {
    List<Finding> findings = List.of(new Finding("CPU", "91%", "< 80%", true));
    Report r =
        Report.builder("dev", Outcome.ADVICE_ONLY, "s")
            .diagnosis(new Diagnosis("cpu", "busy", findings, "scale out"))
            .build();
    assertThat(List.of(r.cause(), r.why(), r.seedFix()))
        .containsExactly("cpu", "busy", "scale out");
    assertThat(r.evidence()).isEqualTo(findings);
  }

  @Test
  void aRejectionSaysNothingChangedAndWhy() {
    Rejection why = Rejection.of(Rejection.Code.INVALID_FIELD, "environment: missing");
    Report r = Report.rejected("dev", why, "2026-12-05T10:00:00Z");
    assertThat(r.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(r.summary()).isEqualTo("Rejected, nothing changed: environment: missing");
    assertThat(r.rejection()).isEqualTo(why);
    assertThat(r.generatedAt()).isEqualTo("2026-12-05T10:00:00Z");
  }

  private static Object value(RecordComponent c, Report r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
