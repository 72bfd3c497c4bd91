package com.tradai.infra;

import java.util.ArrayList;
import java.util.List;

/**
 * Which roles the ECS memory fix may pass. A new task-definition revision names the running one's
 * task and execution roles, so the fixing roles hold iam:PassRole on them. In staging and prod that
 * grant names each role exactly ({@code targets.ecsTasks.roles}): a pattern such as {@code
 * tradai-backend-prod-*} would also match a role created later with more rights. Dev may keep the
 * service-prefix pattern when the key is unset. Pure: each problem names the key.
 */
final class PassRoleTargets {
  static final String KEY = "targets.ecsTasks.roles";

  private PassRoleTargets() {}

  static List<String> problems(EnvConfig cfg) {
    if (!DeployReadiness.GUARDED.contains(cfg.env())) {
      return List.of();
    }
    EnvConfig.EcsTasks tasks = cfg.targets().ecsTasks();
    List<String> roles = tasks == null || tasks.roles() == null ? List.of() : tasks.roles();
    List<String> problems = new ArrayList<>();
    if (roles.isEmpty()) {
      problems.add(
          KEY
              + ": required in "
              + cfg.env()
              + ": every task and execution role the services'"
              + " task definitions name (role names or ARNs); iam:PassRole is granted on exactly these"
              + " (aws ecs describe-task-definition --task-definition FAMILY --query"
              + " 'taskDefinition.[taskRoleArn,executionRoleArn]')");
    }
    roles.stream()
        .filter(r -> r == null || r.isBlank() || r.contains("*") || r.contains("?"))
        .forEach(
            r ->
                problems.add(
                    KEY
                        + ": \""
                        + r
                        + "\" is not one exact role; in "
                        + cfg.env()
                        + " iam:PassRole names each role, without wildcards"));
    return problems;
  }
}
