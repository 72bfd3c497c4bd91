package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.guard.GuardNote;
import com.tradai.remediation.guard.Verdict;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.ports.AlarmStatus;
import com.tradai.remediation.testing.Golden;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The buttons a chat notification carries: only on a report that asks a person to decide, only with
 * the stack's command queue, each as the token its custom action sends. The email and the JSON
 * report are the same with or without a queue.
 */
class ChatButtonsTest {
  private static final Optional<String> QUEUE =
      Optional.of("https://sqs.eu-west-1.amazonaws.com/123456789012/tradai-dev-operator-commands");

  private static Map<String, String> context(JsonNode chat) {
    return Json.MAPPER.convertValue(
        chat.at("/metadata/additionalContext"),
        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
  }

  @Test
  void aPlanWaitingForApprovalGetsApproveRejectAndTheKillSwitch() throws IOException {
    Report r = ApprovalRenderingTest.needsApproval();
    String plan = r.decisions().getFirst().planId();
    JsonNode chat = ChatbotReport.render(r, QUEUE);
    assertThat(context(chat))
        .containsExactly(
            Map.entry("env", "dev"),
            Map.entry("runbook", "api-latency"),
            Map.entry("severity", "medium"),
            Map.entry("outcome", "NEEDS_APPROVAL"),
            Map.entry(ChatButtons.QUEUE, QUEUE.get()),
            Map.entry(ChatButtons.APPROVE, "approve:" + plan),
            Map.entry(ChatButtons.REJECT, "reject:" + plan),
            Map.entry(ChatButtons.KILL_SWITCH, "kill-switch:on"));
    // the typed commands stay in the text, for whoever is not at the chat
    assertThat(chat.at("/content/nextSteps/0").asText()).contains("./run ops --env dev");
    Golden.assertMatches(
        "api-latency/needs-approval.buttons.chatbot.json",
        Json.PRETTY.writeValueAsString(chat) + "\n");
  }

  @Test
  void withoutAQueueTheNotificationIsExactlyWhatItWas() {
    Report r = ApprovalRenderingTest.needsApproval();
    assertThat(ChatbotReport.render(r, Optional.empty())).isEqualTo(ChatbotReport.render(r));
    assertThat(context(ChatbotReport.render(r)))
        .doesNotContainKeys(ChatButtons.QUEUE, ChatButtons.APPROVE, ChatButtons.KILL_SWITCH);
  }

  @Test
  void aReportNobodyMustDecideHasNoButtons() {
    Report done = ReportRenderingTest.remediated();
    assertThat(done.outcome()).isEqualTo(Outcome.REMEDIATED);
    assertThat(ChatButtons.of(done, QUEUE)).isEmpty();
    assertThat(ChatbotReport.render(done, QUEUE)).isEqualTo(ChatbotReport.render(done));
  }

  @Test
  void aFixThatDidNotRecoverAndIsStillInPlaceGetsRollBack() throws IOException {
    Report worse =
        ReportRenderingTest.verified(
            "verify-api-latency-worse.json", new AlarmStatus("ALARM", Optional.empty()));
    // the verifier already rolled this one back: no button to do it twice
    assertThat(ChatButtons.of(worse, QUEUE))
        .doesNotContainKey(ChatButtons.ROLLBACK)
        .containsEntry(ChatButtons.KILL_SWITCH, "kill-switch:on");
    // the same verdict under a policy with rollbackOnWorse off: no rollback decision or change,
    // and the next step the Verifier writes then; the fix is still in place
    Report.VerificationView v = worse.verification();
    Report inPlace =
        worse.toBuilder()
            .decisions(List.of())
            .changes(List.of())
            .verification(
                new Report.VerificationView(
                    v.status(),
                    v.attempt(),
                    v.maxAttempts(),
                    v.checkAt(),
                    v.delaySeconds(),
                    v.fix(),
                    v.checks(),
                    v.alarmState(),
                    "escalated at high severity; policy keeps the fix in place (rollbackOnWorse is off);"
                        + " a person decides",
                    v.request()))
            .trackRecord(null)
            .build(); // the golden rendering was made without the track record
    String audit = inPlace.verification().fix().getFirst().auditId();
    assertThat(ChatButtons.of(inPlace, QUEUE))
        .containsEntry(ChatButtons.ROLLBACK, "rollback:" + audit);
    Golden.assertMatches(
        "api-latency/verification-not-recovered.buttons.chatbot.json",
        Json.PRETTY.writeValueAsString(ChatbotReport.render(inPlace, QUEUE)) + "\n");
  }

  @Test
  void anOpenBreakerGetsReset() {
    Report open =
        Report.builder("prod", Outcome.BLOCKED, "x")
            .runbook("api-latency")
            .runbookTitle("High API Latency")
            .decisions(
                List.of(
                    new Report.DecisionView(
                        "ScaleEcsService",
                        "tradai-backend-prod",
                        "2 -> 3",
                        "2 -> 3",
                        Verdict.BLOCKED,
                        List.of(GuardNote.breakerOpen("3 failed fixes in 60 min (max 3)", "")))))
            .generatedAt("2026-12-05T10:00:00Z")
            .build();
    assertThat(ChatButtons.of(open, QUEUE))
        .containsExactly(
            Map.entry(ChatButtons.QUEUE, QUEUE.get()),
            Map.entry(ChatButtons.RESET_BREAKER, "reset-breaker"),
            Map.entry(ChatButtons.KILL_SWITCH, "kill-switch:on"));
  }

  @Test
  void everyTokenAButtonCarriesReadsBackAsItsCommand() {
    Report r = ApprovalRenderingTest.needsApproval();
    ChatButtons.of(r, QUEUE)
        .forEach(
            (key, token) -> {
              if (!key.equals(ChatButtons.QUEUE)) {
                assertThat(ChatCommandToken.parse(token)).as(token).isPresent();
                assertThat(token).doesNotContain(" ", "\"", "'");
              }
            });
  }
}
