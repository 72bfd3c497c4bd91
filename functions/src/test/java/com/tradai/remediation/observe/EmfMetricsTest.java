package com.tradai.remediation.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.testing.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The real Powertools metrics (EMF, AWS_EMF_ENVIRONMENT=Local as surefire sets it, which prints the
 * EMF documents to stdout): stdout is captured and each document parsed.
 */
class EmfMetricsTest {

  private static List<JsonNode> emitted(Runnable run) throws Exception {
    return com.tradai.remediation.testing.EmfCapture.emitted(
        () -> {
          run.run();
          return null;
        });
  }

  private static List<String> names(JsonNode doc) {
    List<String> out = new ArrayList<>();
    doc.path("_aws")
        .path("CloudWatchMetrics")
        .get(0)
        .path("Metrics")
        .forEach(m -> out.add(m.path("Name").asText() + ":" + m.path("Unit").asText()));
    return out;
  }

  private static List<String> dimensions(JsonNode doc) {
    List<String> out = new ArrayList<>();
    doc.path("_aws")
        .path("CloudWatchMetrics")
        .get(0)
        .path("Dimensions")
        .get(0)
        .forEach(d -> out.add(d.asText()));
    return out;
  }

  @Test
  void anAppliedFixEmitsRemediationsAppliedAndTimeToRemediateByRunbookAndEnvironment()
      throws Exception {
    Report fix =
        new Scenario().remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    List<JsonNode> docs = emitted(() -> new EmfMetrics().accept(fix));

    assertThat(docs).hasSize(1);
    JsonNode doc = docs.getFirst();
    assertThat(doc.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText())
        .isEqualTo("tradai/Remediation");
    assertThat(dimensions(doc)).containsExactlyInAnyOrder("Environment", "Runbook");
    assertThat(doc.path("Environment").asText()).isEqualTo("dev");
    assertThat(doc.path("Runbook").asText()).isEqualTo("api-latency");
    assertThat(names(doc))
        .containsExactlyInAnyOrder("RemediationsApplied:Count", "TimeToRemediate:Milliseconds");
    assertThat(doc.path("RemediationsApplied").asDouble()).isEqualTo(1.0);
    assertThat(doc.path("TimeToRemediate").asDouble()).isEqualTo(30_000.0);
  }

  @Test
  void aFixBlockedAtTheCapEmitsRemediationsBlocked() throws Exception {
    Scenario s = new Scenario();
    s.ecs.desired = 6;
    Report blocked = s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    List<JsonNode> docs = emitted(() -> new EmfMetrics().accept(blocked));
    assertThat(docs)
        .singleElement()
        .satisfies(
            doc -> {
              assertThat(names(doc)).containsExactly("RemediationsBlocked:Count");
              assertThat(doc.path("RemediationsBlocked").asDouble()).isEqualTo(1.0);
            });
  }

  @Test
  void aVerificationEmitsItsOutcomeAsADimensionAndTimeToRecover() throws Exception {
    Scenario s = new Scenario();
    s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
    Report recovered =
        s.verifier(
                "verify-api-latency-recovered.json",
                new AlarmStatus("OK", Optional.of(Instant.parse("2026-11-27T10:19:40Z"))))
            .verify(s.lastScheduled());
    List<JsonNode> docs = emitted(() -> new EmfMetrics().accept(recovered));

    assertThat(docs).hasSize(2);
    JsonNode outcome =
        docs.stream().filter(d -> d.has("VerificationOutcome")).findFirst().orElseThrow();
    assertThat(dimensions(outcome)).containsExactlyInAnyOrder("Environment", "Outcome", "Runbook");
    assertThat(outcome.path("Outcome").asText()).isEqualTo("RECOVERED");
    assertThat(outcome.path("VerificationOutcome").asDouble()).isEqualTo(1.0);
    JsonNode recover = docs.stream().filter(d -> d.has("TimeToRecover")).findFirst().orElseThrow();
    assertThat(dimensions(recover)).containsExactlyInAnyOrder("Environment", "Runbook");
    assertThat(names(recover)).containsExactly("TimeToRecover:Seconds");
    assertThat(recover.path("TimeToRecover").asDouble()).isEqualTo(280.0);
  }

  @Test
  void aFailedChangeEmitsRemediationsFailed() {
    Report failed =
        Report.builder("prod", com.tradai.remediation.report.Outcome.FAILED, "x")
            .runbook("api-latency")
            .runbookTitle("High API Latency")
            .changes(
                List.of(
                    new Report.ChangeView(
                        "ScaleEcsService",
                        "tradai-backend-prod",
                        2,
                        3,
                        com.tradai.remediation.report.ChangeStatus.FAILED,
                        "denied")))
            .generatedAt("2026-11-27T10:15:30Z")
            .build();
    assertThat(RemediationMetrics.of(failed))
        .containsExactly(
            new MetricPoint(
                "RemediationsFailed",
                1,
                "Count",
                java.util.Map.of("Environment", "prod", "Runbook", "api-latency")),
            new MetricPoint(
                "RemediationsFailed", 1, "Count", java.util.Map.of("Environment", "prod")));
  }

  @Test
  void aFailedReportWithoutChangesAndAnOpenBreakerAreCountedForTheStacksOwnAlarms() {
    Report failedEarly =
        Report.builder(
                "prod",
                com.tradai.remediation.report.Outcome.FAILED,
                "Remediation stopped before it finished")
            .runbook("api-latency")
            .runbookTitle("High API Latency")
            .generatedAt("2026-11-27T10:15:30Z")
            .build();
    assertThat(RemediationMetrics.of(failedEarly))
        .containsExactly(
            new MetricPoint(
                "RemediationsFailed", 1, "Count", java.util.Map.of("Environment", "prod")));

    Report breakerOpen =
        Report.builder("prod", com.tradai.remediation.report.Outcome.BLOCKED, "x")
            .runbook("api-latency")
            .runbookTitle("High API Latency")
            .decisions(
                List.of(
                    new Report.DecisionView(
                        "ScaleEcsService",
                        "tradai-backend-prod",
                        "2 -> 3",
                        "2 -> 3",
                        com.tradai.remediation.guard.Verdict.BLOCKED,
                        List.of(
                            com.tradai.remediation.guard.GuardNote.breakerOpen(
                                "3 failed fixes", "")))))
            .generatedAt("2026-11-27T10:15:30Z")
            .build();
    assertThat(RemediationMetrics.of(breakerOpen))
        .contains(
            new MetricPoint("BreakerOpen", 1, "Count", java.util.Map.of("Environment", "prod")));
  }
}
