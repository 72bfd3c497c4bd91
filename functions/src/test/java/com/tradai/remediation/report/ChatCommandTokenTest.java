package com.tradai.remediation.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The five tokens a button sends, and everything else refused before any command runs. */
class ChatCommandTokenTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "approve:p-20261127T101500.000Z-1a2b3c4d|{\"command\":\"approve\",\"planId\":\"p-20261127T101500.000Z-1a2b3c4d\",\"by\":\"u@r\"}",
        "reject:p-20261127T101500.000Z-1a2b3c4d|{\"command\":\"reject\",\"planId\":\"p-20261127T101500.000Z-1a2b3c4d\",\"by\":\"u@r\"}",
        "rollback:20261127T101500.123Z-5e6f7a8b|{\"command\":\"rollback\",\"auditId\":\"20261127T101500.123Z-5e6f7a8b\",\"by\":\"u@r\"}",
        "reset-breaker|{\"command\":\"reset-breaker\",\"by\":\"u@r\"}",
        "kill-switch:on|{\"command\":\"kill-switch\",\"state\":\"on\",\"by\":\"u@r\"}"
      })
  void aTokenBecomesTheOperatorCommandWithWhoAwsSaidClicked(String token, String command) {
    assertThat(ChatCommandToken.parse(token).orElseThrow().command("u@r").toString())
        .isEqualTo(command);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "",
        "approve",
        "approve:",
        "approve:PLAN#dev",
        "approve:p-1 x",
        "approve:p-20261127T101500.000Z-1a2b3c4d:extra",
        "rollback:p-20261127T101500.000Z-1a2b3c4d",
        "reset-breaker:now",
        "kill-switch:off",
        "kill-switch",
        "list-actions",
        "{\"command\":\"approve\"}",
        "diagnose:x"
      })
  void anythingElseIsNoToken(String body) {
    assertThat(ChatCommandToken.parse(body)).isEmpty();
  }
}
