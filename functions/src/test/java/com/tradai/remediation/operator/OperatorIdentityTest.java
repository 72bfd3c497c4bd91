package com.tradai.remediation.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorIdentityTest {
  private static final List<String> OPERATORS =
      List.of(
          "arn:aws:iam::111122223333:role/ops/tradai-oncall",
          "arn:aws:iam::111122223333:role/tradai-lead");

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "NONE",
      value = {
        // a session of a role with a path: STS drops the path, account and name decide
        "arn:aws:sts::111122223333:assumed-role/tradai-oncall/alice|arn:aws:iam::111122223333:role/ops/tradai-oncall",
        "arn:aws:sts::111122223333:assumed-role/tradai-lead/bob@example.com|arn:aws:iam::111122223333:role/tradai-lead",
        // the role ARN itself, exactly as configured
        "arn:aws:iam::111122223333:role/tradai-lead|arn:aws:iam::111122223333:role/tradai-lead",
        // another account's role of the same name
        "arn:aws:sts::444455556666:assumed-role/tradai-oncall/alice|NONE",
        // another partition
        "arn:aws-cn:sts::111122223333:assumed-role/tradai-oncall/alice|NONE",
        // a role of a similar name, and case differs
        "arn:aws:sts::111122223333:assumed-role/tradai-oncall-dev/alice|NONE",
        "arn:aws:sts::111122223333:assumed-role/Tradai-Oncall/alice|NONE",
        // the session name is not the role
        "arn:aws:sts::111122223333:assumed-role/developer/tradai-oncall|NONE",
        // users, federated users, root: never an operator role
        "arn:aws:iam::111122223333:user/tradai-oncall|NONE",
        "arn:aws:sts::111122223333:federated-user/tradai-oncall|NONE",
        "arn:aws:iam::111122223333:root|NONE",
        // not an ARN, or a path smuggled into the session ARN
        "tradai-oncall|NONE",
        "arn:aws:sts::111122223333:assumed-role/ops/tradai-oncall/alice|NONE",
        "NONE|NONE"
      })
  void aCallerIsAnOperatorOnlyAsTheRoleOrASessionOfIt(String caller, String expected) {
    assertThat(OperatorIdentity.operatorRole(caller, OPERATORS).orElse(null)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "no roles configured: {0} is refused")
  @CsvSource({"arn:aws:sts::111122223333:assumed-role/tradai-oncall/alice"})
  void withNoRoleConfiguredNobodyIsAnOperator(String caller) {
    assertThat(OperatorIdentity.operatorRole(caller, List.of())).isEmpty();
  }
}
