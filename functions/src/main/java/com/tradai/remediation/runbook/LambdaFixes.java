package com.tradai.remediation.runbook;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.core.ResourceState;

/**
 * Memory and timeout fixes for the version that serves traffic. When $LATEST holds code the alias
 * does not serve, a pipeline owns the versions and has a change in flight: publishing $LATEST would
 * ship it with the fix, so the plan is advice to change the setting through the pipeline.
 */
final class LambdaFixes {
  private LambdaFixes() {}

  static Plan memory(ResourceState.LambdaFunction f, int afterMb) {
    return pipelineOwned(f, "memory " + afterMb + " MB")
        .orElseGet(
            () ->
                Plan.of(
                    new Action.RaiseLambdaMemory(
                        f.function(),
                        f.servingAlias(),
                        f.servingVersion(),
                        f.memoryMb(),
                        afterMb)));
  }

  static Plan timeout(ResourceState.LambdaFunction f, int afterSeconds) {
    return pipelineOwned(f, "timeout " + afterSeconds + " s")
        .orElseGet(
            () ->
                Plan.of(
                    new Action.RaiseLambdaTimeout(
                        f.function(),
                        f.servingAlias(),
                        f.servingVersion(),
                        f.timeoutSeconds(),
                        afterSeconds)));
  }

  private static java.util.Optional<Plan> pipelineOwned(
      ResourceState.LambdaFunction f, String setting) {
    if (f.servingAlias().isEmpty() || !f.latestDiffersFromAlias()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        Findings.advice(
            f.function(),
            "$LATEST holds code that alias "
                + f.servingAlias()
                + " (version "
                + f.servingVersion()
                + ") does not serve, so a pipeline has a change in flight;"
                + " set "
                + setting
                + " in the deployment template and let the pipeline publish it"));
  }
}
