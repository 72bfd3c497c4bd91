package com.tradai.infra;

import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.services.iam.ArnPrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Permission;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * Who may run a person's commands. The operator function's {@code live} alias gets one resource
 * policy statement per role in {@code operators.roleArns}, and nobody else is granted anything by
 * this stack: the alarm function refuses those commands. A same-account identity policy can still
 * allow Invoke, so the guarantee is the function's own: it gets the roles as OPERATOR_ROLE_ARNS and
 * runs a command that changes things only with a proof, checked by STS, that one of their sessions
 * sent it. {@link OperatorTrail} can record every Invoke with its caller.
 *
 * <p>The outputs are what the {@code ops} CLI reads to find this environment's names.
 */
final class OperatorAccess {
  static final String KEY = "operators.roleArns";

  /** What the operator function reads them from (its OperatorGate). */
  static final String ROLES_VARIABLE = "OPERATOR_ROLE_ARNS";

  private static final Pattern ROLE_ARN =
      Pattern.compile("^arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$");

  private OperatorAccess() {}

  /** Every entry must be an IAM role ARN, in any environment. */
  static void validate(EnvConfig cfg) {
    for (String arn : roleArns(cfg)) {
      if (arn == null || !ROLE_ARN.matcher(arn).matches()) {
        throw new IllegalArgumentException(
            KEY
                + " of "
                + cfg.env()
                + " must hold IAM role ARNs like arn:aws:iam::123456789012:role/tradai-oncall, got "
                + arn);
      }
    }
  }

  /**
   * What keeps a guarded environment from deploying: nobody named to approve there, or a role in a
   * made-up account (see {@link DeployReadiness}).
   */
  static List<String> readinessProblems(EnvConfig cfg) {
    List<String> arns = roleArns(cfg);
    if (arns.isEmpty()) {
      return List.of(
          KEY
              + ": must name at least one operator role for "
              + cfg.env()
              + ": only those roles may approve, reject, roll back and reset the breaker there");
    }
    return arns.stream()
        .filter(arn -> DeployReadiness.placeholder(arn.split(":")[4]))
        .map(arn -> KEY + ": \"" + arn + "\" names an example account; put your on-call role")
        .toList();
  }

  static List<String> roleArns(EnvConfig cfg) {
    return cfg.operators() == null || cfg.operators().roleArns() == null
        ? List.of()
        : cfg.operators().roleArns();
  }

  /** The invoke grants and the names the ops CLI looks up in the stack's outputs. */
  static void grant(
      Construct stack,
      EnvConfig cfg,
      Alias operator,
      StringParameter killSwitch,
      StringParameter policy) {
    List<String> arns = roleArns(cfg);
    for (int i = 0; i < arns.size(); i++) {
      operator.addPermission(
          "OperatorInvoke" + i,
          Permission.builder()
              .principal(new ArnPrincipal(arns.get(i)))
              .action("lambda:InvokeFunction")
              .build());
    }
    output(
        stack,
        "OperatorFunctionArn",
        operator.getFunctionArn(),
        "the operator function's live alias: approve, reject, rollback, reset-breaker (ops CLI)");
    output(
        stack,
        "KillSwitchParameterName",
        killSwitch.getParameterName(),
        "the kill switch: ops kill-switch on REASON | off");
    output(stack, "PolicyParameterName", policy.getParameterName(), "the run-time policy override");
  }

  private static void output(Construct stack, String id, String value, String description) {
    CfnOutput.Builder.create(stack, id).value(value).description(description).build();
  }
}
