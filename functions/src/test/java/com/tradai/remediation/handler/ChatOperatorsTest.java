package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The identity rule of a click, pure: SenderId → role session; role → operator or not. */
class ChatOperatorsTest {
  private static final List<String> OPERATORS =
      List.of("arn:aws:iam::210987654322:role/tradai-oncall-prod");

  @Test
  void aRoleSessionsSenderIdSplitsIntoRoleIdAndSession() {
    assertThat(ChatOperators.roleSession("AROAEXAMPLEID12345678:U024BE7LH"))
        .contains(new ChatOperators.RoleSession("AROAEXAMPLEID12345678", "U024BE7LH"));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "AIDAJQABLZS4A3QDU576Q",
        "123456789012",
        "AROAEXAMPLEID12345678",
        "AROAEXAMPLEID12345678:",
        ":session",
        "AROA:x",
        "aroaexampleid12345678:x"
      })
  void anIamUserARootOrAMalformedIdIsNoRoleSession(String senderId) {
    assertThat(ChatOperators.roleSession(senderId)).isEmpty();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "arn:aws:iam::210987654322:role/tradai-oncall-prod, true",
    // IAM's ARN carries the role's path; a session ARN does not, so the path is not compared
    "arn:aws:iam::210987654322:role/people/tradai-oncall-prod, true",
    "arn:aws:iam::123456789012:role/tradai-oncall-prod, false",
    "arn:aws:iam::210987654322:role/tradai-oncall-staging, false",
    "arn:aws:iam::210987654322:role/tradai-oncall-prod-x, false",
    "arn:aws:iam::210987654322:user/tradai-oncall-prod, false",
    "arn:aws:sts::210987654322:assumed-role/tradai-oncall-prod/U024BE7LH, false"
  })
  void onlyAnOperatorRoleOfTheSameAccountAndNameIsAnOperator(String roleArn, boolean operator) {
    assertThat(ChatOperators.isOperatorRole(roleArn, OPERATORS)).isEqualTo(operator);
  }

  @Test
  void noOperatorRolesMeansNobody() {
    assertThat(ChatOperators.isOperatorRole(OPERATORS.getFirst(), List.of())).isFalse();
  }

  @Test
  void byIsTheSessionAtTheRoleInTheLedgersAlphabet() {
    assertThat(ChatOperators.by(OPERATORS.getFirst(), "U024BE7LH"))
        .isEqualTo("U024BE7LH@tradai-oncall-prod");
    assertThat(ChatOperators.by(OPERATORS.getFirst(), "a b/c=d"))
        .isEqualTo("a_b_c_d@tradai-oncall-prod");
    assertThat(ChatOperators.by(OPERATORS.getFirst(), "x".repeat(80))).hasSize(64);
  }
}
