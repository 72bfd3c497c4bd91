package com.tradai.infra;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * What the guards read before any change: the ledger (claims, outcomes, the breaker's counts), the
 * kill switch, and the policy override. Both parameters are created with pinned values and never
 * rewritten by a deploy, so an on-call's engaged switch or tightening survives the next one.
 *
 * <p>Not a construct of its own: it builds into the stack's scope, so the ledger and the parameters
 * keep their logical ids and a deployed stack keeps them.
 */
final class GuardrailState {

  /** The policy override's pinned value: tightens nothing (the bundled policy file rules). */
  static final String NO_OVERRIDE = "{}";

  static final String POLICY_OVERRIDE_DESCRIPTION =
      "Run-time tightening of the guardrail policy:"
          + " JSON merged over the bundled policy file; {} tightens nothing";

  private final Table ledger;
  private final StringParameter killSwitch;
  private final StringParameter policyOverride;

  GuardrailState(Construct scope, EnvConfig cfg) {
    ledger =
        Table.Builder.create(scope, "Ledger")
            .tableName(cfg.envPrefix() + "remediation-ledger")
            .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
            .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            .timeToLiveAttribute("expiresAt")
            .encryption(TableEncryption.AWS_MANAGED)
            .deletionProtection(cfg.env().equals("prod"))
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    LogicalIds.set(ledger, "LedgerTable");

    killSwitch =
        StringParameter.Builder.create(scope, "KillSwitch")
            .parameterName(cfg.parameterName("kill-switch"))
            .description(
                "\"on\" stops every remediation action at once; \"off\" lets guardrails decide")
            .stringValue("off")
            .build();
    LogicalIds.set(killSwitch, "KillSwitchParameter");
    // Like the kill switch: pinned properties, so a deploy never rewrites an on-call's tightening.
    policyOverride =
        StringParameter.Builder.create(scope, "Policy")
            .parameterName(cfg.parameterName("policy"))
            .description(POLICY_OVERRIDE_DESCRIPTION)
            .stringValue(NO_OVERRIDE)
            .build();
    LogicalIds.set(policyOverride, "PolicyParameter");
  }

  Table ledger() {
    return ledger;
  }

  /** {@code "on"} stops every remediation action. */
  StringParameter killSwitch() {
    return killSwitch;
  }

  /** An operator's run-time tightening of the policy file, created as {@value #NO_OVERRIDE}. */
  StringParameter policyOverride() {
    return policyOverride;
  }
}
