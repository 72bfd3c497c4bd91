package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.observe.MetricPoint;
import com.tradai.remediation.observe.RemediationMetrics;
import com.tradai.remediation.testing.Golden;
import com.tradai.remediation.testing.ReportSchema;
import com.tradai.remediation.testing.Scenario;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A load spike in an environment whose policy makes every scale-out wait for a person: the real
 * shell over fixed inputs (Scenario) stores a pending plan, and every rendering of the report says
 * what would change and why, until when the plan can be approved, and the exact operator commands.
 */
class ApprovalRenderingTest {
  private static final String GOLDEN = "api-latency/needs-approval";

  static Report needsApproval() {
    Scenario s = new Scenario();
    s.policyOverride = "{\"guards\": {\"approval\": {\"always\": [\"ecs-scale\"]}}}";
    return s.remediate("sns-api-latency-alarm.json", "api-latency-load-spike.json");
  }

  @Test
  void aHeldFixIsItsOwnOutcomeNothingAppliedAndThePlanExpiresAfterThePolicysMinutes() {
    Report r = needsApproval();
    assertThat(r.outcome()).isEqualTo(Outcome.NEEDS_APPROVAL);
    assertThat(r.severity()).isEqualTo(Severity.MEDIUM);
    assertThat(r.changes()).isEmpty();
    Report.DecisionView d = r.decisions().getFirst();
    assertThat(d.planId()).matches("^p-\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}$");
    // dev's guards.approvalExpiryMinutes is 60; the clock stands at 10:15:30
    assertThat(d.approvalExpiresAt()).isEqualTo("2026-11-27T11:15:30Z");
  }

  @Test
  void theEmailSaysWhatWouldChangeWhyUntilWhenAndTheCommands() {
    Report r = needsApproval();
    String plan = r.decisions().getFirst().planId();
    String body = TextReport.body(r);
    assertThat(TextReport.subject(r))
        .isEqualTo("[tradai-dev] api-latency: NEEDS_APPROVAL tradai-backend-dev");
    assertThat(body)
        .contains(
            "Waiting for your approval: plan "
                + plan
                + ", expires 2026-11-27T11:15:30Z\n"
                + "  Would change: ScaleEcsService tradai-backend-dev: desiredCount 2 → 3\n"
                + "  Waits because ecs-scale always needs an operator's approval in dev\n");
    assertThat(body)
        .contains(
            "  Approve: ./run ops --env dev --region eu-west-1 approve "
                + plan
                + "\n"
                + "  Reject:  ./run ops --env dev --region eu-west-1 reject "
                + plan
                + "\n");
    Golden.assertMatches(
        GOLDEN + ".email.txt", "Subject: " + TextReport.subject(r) + "\n\n" + body);
  }

  @Test
  void theChatNotificationCarriesTheSameCommandsAsNextSteps() throws IOException {
    Report r = needsApproval();
    String plan = r.decisions().getFirst().planId();
    JsonNode chat = ChatbotReport.render(r);
    assertThat(chat.path("content").path("nextSteps").get(0).asText())
        .isEqualTo(
            "Approve by "
                + "2026-11-27T11:15:30Z: `./run ops --env dev --region eu-west-1 approve "
                + plan
                + "`");
    assertThat(chat.path("content").path("nextSteps").get(1).asText())
        .isEqualTo("Reject: `./run ops --env dev --region eu-west-1 reject " + plan + "`");
    assertThat(chat.path("metadata").path("eventType").asText())
        .isEqualTo("tradai-remediation-needs_approval");
    Golden.assertMatches(GOLDEN + ".chatbot.json", Json.PRETTY.writeValueAsString(chat) + "\n");
  }

  @Test
  void theJsonValidatesAgainstTheSchema() throws IOException {
    JsonNode json = Json.MAPPER.valueToTree(needsApproval());
    assertThat(ReportSchema.violations(json)).isEmpty();
    Golden.assertMatches(GOLDEN + ".json", Json.PRETTY.writeValueAsString(json) + "\n");
  }

  @Test
  void itsMetricsCountTheApprovalRequestedNotABlock() {
    assertThat(RemediationMetrics.of(needsApproval()))
        .containsExactly(
            new MetricPoint(
                "ApprovalsRequested",
                1,
                "Count",
                Map.of("Environment", "dev", "Runbook", "api-latency")));
  }
}
