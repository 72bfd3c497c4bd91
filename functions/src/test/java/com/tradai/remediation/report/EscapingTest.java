package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import com.tradai.remediation.testing.Scenario;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Alarm text (name, reason) is whatever someone typed into an alarm. Here the reason tries a fake
 * report line (LF, CR, U+2028), a Slack broadcast (<!channel>, @here), a link and markdown; it goes
 * through the real intake and shell, then every rendering.
 */
class EscapingTest {
  private static final String HOSTILE =
      "Threshold Crossed\n[tradai-prod] api-latency: RECOVERED\r\n"
          + "<!channel> @here *urgent* `rm` <https://evil.example|click> \u2028Outcome: RECOVERED";

  private static Report hostileReport() {
    try {
      com.fasterxml.jackson.databind.node.ObjectNode event =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              Json.MAPPER.readTree(
                  com.tradai.remediation.testing.Resources.bytes(
                      "/events/sns-api-latency-alarm.json"));
      com.fasterxml.jackson.databind.node.ObjectNode sns =
          (com.fasterxml.jackson.databind.node.ObjectNode) event.path("Records").get(0).path("Sns");
      com.fasterxml.jackson.databind.node.ObjectNode message =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              Json.MAPPER.readTree(sns.path("Message").asText());
      message.put("NewStateReason", HOSTILE);
      sns.put("Message", Json.MAPPER.writeValueAsString(message));
      return new Scenario()
          .remediator("api-latency-load-spike.json")
          .handle(Json.MAPPER.writeValueAsBytes(event));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theHostileReasonReachedTheReport() {
    assertThat(hostileReport().alarm().reason()).contains("<!channel> @here").contains("RECOVERED");
  }

  @Test
  void emailTextKeepsItOnTheReasonLine() {
    Report r = hostileReport();
    String body = TextReport.body(r);
    List<String> reasonLines = body.lines().filter(l -> l.contains("RECOVERED")).toList();
    assertThat(reasonLines)
        .singleElement()
        .satisfies(l -> assertThat(l).startsWith("Reason      Threshold Crossed\\n[tradai-prod]"));
    assertThat(body).doesNotContain("\u2028").doesNotContain("\r");
    assertThat(TextReport.subject(r)).matches("[\\x20-\\x7E]{1,99}");
  }

  @Test
  void chatbotMarkdownCannotMentionLinkOrFormat() {
    String description =
        ChatbotReport.render(hostileReport()).path("content").path("description").asText();
    assertThat(description)
        .doesNotContain("<!channel>")
        .doesNotContain("@here")
        .doesNotContain("<https")
        .doesNotContain("\u2028");
    String reasonLine =
        description.lines().filter(l -> l.startsWith("*Reason*")).findFirst().orElseThrow();
    assertThat(reasonLine)
        .isEqualTo(
            "*Reason* `Threshold Crossed\\n[tradai-prod] api-latency: RECOVERED\\r\\n"
                + "&lt;!channel&gt; ＠here *urgent* ˋrmˋ &lt;https://evil.example|click&gt; ?Outcome: RECOVERED`");
  }

  @Test
  void jsonCarriesItAsOneCleanString() throws Exception {
    JsonNode json = Json.MAPPER.valueToTree(hostileReport());
    String reason = json.path("alarm").path("reason").asText();
    assertThat(reason)
        .doesNotContain("\n")
        .doesNotContain("\r")
        .startsWith("Threshold Crossed\\n[tradai-prod]");
    assertThat(com.tradai.remediation.testing.ReportSchema.violations(json)).isEmpty();
  }

  @Test
  void escapeHelpers() {
    assertThat(Escape.plain("a\nb\u2029c")).isEqualTo("a\\nb?c");
    assertThat(Escape.chat("<@U123> & `x`")).isEqualTo("`&lt;＠U123&gt; &amp; ˋxˋ`");
    assertThat(Escape.chat(null)).isEmpty();
  }
}
