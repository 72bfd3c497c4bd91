package com.tradai.remediation.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;

/**
 * A deployed environment's names, as its stack {@code {project}-remediation-{env}} publishes them
 * in its CloudFormation outputs (infra's OperatorAccess and RemediationStack): nothing is guessed.
 */
record OpsStack(
    String stackName,
    String operatorFunction,
    String ledgerTable,
    String killSwitchParameter,
    String policyParameter) {

  static final List<String> OUTPUTS =
      List.of(
          "OperatorFunctionArn",
          "LedgerTableName",
          "KillSwitchParameterName",
          "PolicyParameterName");

  static String stackName(String project, String env) {
    return project + "-remediation-" + env;
  }

  /** Reads the outputs; a missing stack or output is an error that names it. */
  static OpsStack find(CloudFormationClient cfn, String stackName) {
    Map<String, String> outputs = new LinkedHashMap<>();
    try {
      cfn.describeStacks(b -> b.stackName(stackName))
          .stacks()
          .forEach(
              s -> {
                for (Output o : s.outputs()) {
                  outputs.put(o.outputKey(), o.outputValue());
                }
              });
    } catch (CloudFormationException e) {
      throw new OpsException(
          "stack "
              + stackName
              + " could not be read ("
              + e.awsErrorDetails().errorMessage()
              + "); check --env, --project, --region and --profile");
    }
    List<String> missing = OUTPUTS.stream().filter(k -> !outputs.containsKey(k)).toList();
    if (!missing.isEmpty()) {
      throw new OpsException(
          "stack "
              + stackName
              + " has no output "
              + String.join(", ", missing)
              + "; deploy this version of the stack first");
    }
    return new OpsStack(
        stackName,
        outputs.get("OperatorFunctionArn"),
        outputs.get("LedgerTableName"),
        outputs.get("KillSwitchParameterName"),
        outputs.get("PolicyParameterName"));
  }

  /** A failure the operator can act on: printed as one line, exit code 1. */
  static final class OpsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OpsException(String message) {
      super(message);
    }
  }
}
