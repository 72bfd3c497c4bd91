package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.testing.Fixtures;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The minimal approval guard and the policy fields behind it. */
class ApprovalGuardTest {
  private final PolicyLoader loader = new PolicyLoader(new ObjectMapper());
  private static final Action RDS_PROD = new Action.ChangeRdsInstanceClass("tradai-prod", "db.t4g.medium",
      "db.t4g.large", 0, 1);

  @Test
  void shippedPoliciesRequireApprovalForRdsClassInProdOnly() {
    assertThat(loader.forEnvironment("prod").needsApproval("rds-instance-class")).isTrue();
    assertThat(loader.forEnvironment("prod").rdsApplyImmediately()).isFalse();
    assertThat(loader.forEnvironment("staging").needsApproval("rds-instance-class")).isFalse();
    assertThat(loader.forEnvironment("dev").needsApproval("rds-instance-class")).isFalse();
    assertThat(loader.forEnvironment("dev").rdsApplyImmediately()).isTrue();
  }

  @Test
  void approvalRequiredStopsWithNeedsApprovalEvenInADryRun() {
    Policy prod = loader.forEnvironment("prod").withDryRun(true);
    Decision d = Guardrails.standard().review(RDS_PROD, prod,
        new GuardContext("tradai", "prod", Instant.parse("2026-11-27T10:15:00Z")));
    assertThat(d.verdict()).isEqualTo(Verdict.NEEDS_APPROVAL);
    assertThat(d.mayApply()).isFalse();
  }

  @Test
  void otherKindsPassTheApprovalGuard() {
    Guard.Check c = ApprovalGuard.approvalRequired(new Action.ScaleEcsService("tradai-prod", "tradai-backend-prod", 2, 3),
        loader.forEnvironment("prod"), new GuardContext("tradai", "prod", Fixtures.NOW));
    assertThat(c.stops()).isFalse();
    assertThat(c.note()).isEqualTo("approval: not required for ecs-scale");
  }

  @Test
  void anUnknownKindUnderApprovalIsRefusedNamingTheField() throws Exception {
    ObjectNode root = (ObjectNode) new ObjectMapper().readTree(
        PolicyLoader.class.getResourceAsStream("/policy/dev.json"));
    root.putObject("approval").put("rds-reboot", true);
    assertThatThrownBy(() -> loader.parse(root, "test"))
        .hasMessageStartingWith("policy test: approval.rds-reboot is not an action kind");
  }
}
