package com.tradai.infra;

import com.tradai.infra.RemediationStack.Handler;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Aws;

/**
 * The environment variables each function's code reads (config/Config, Observe, RemediationHandler;
 * see {@code EnvVarsTest}, which derives the set from the function sources). Every function reads
 * Config's settings and the guardrails (ledger, kill switch, policy override): the remediation,
 * health-check and operator functions through RemediationHandler's composition, the verifier for
 * its rollbacks (the rollback command's guarded path) and its once-only re-checks. Only the
 * remediation function's reports schedule first checks (through the verification queue's
 * subscription to the results topic; it sends a check to the queue itself only when its report
 * cannot be published); the verifier re-enqueues checks and escalates. Local-only settings
 * (AWS_ENDPOINT_URL, METRICS_REPLAY_FILE) and those whose defaults fit (ROUTING_FILE,
 * HTTP_PROBE_TIMEOUT_MS, AWS_MAX_ATTEMPTS) are not set.
 */
final class FunctionEnvironment {
  private final EnvConfig cfg;
  private final Messaging messaging;
  private final GuardrailState state;
  private final boolean dryRun;

  /** DRY_RUN is the config's {@code dryRun} where it says, else the policy file's. */
  FunctionEnvironment(
      EnvConfig cfg, PolicyFile policyFile, Messaging messaging, GuardrailState state) {
    this.cfg = cfg;
    this.messaging = messaging;
    this.state = state;
    this.dryRun = cfg.dryRun() != null ? cfg.dryRun() : policyFile.dryRun();
  }

  /** The variables of one function, in a stable order. */
  Map<String, String> of(Handler which) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("TRADAI_PROJECT", cfg.project());
    env.put("TRADAI_ENV", cfg.env());
    env.put("RESULTS_TOPIC_ARN", messaging.resultsTopic().getTopicArn());
    // failed runs, plans waiting for approval, an open breaker; the verifier's NOT_RECOVERED
    env.put("ESCALATION_TOPIC_ARN", messaging.escalationTopic().getTopicArn());
    guardrails(env);
    switch (which) {
      case HEALTH_CHECK -> {} // the variables every function reads, no more
      case OPERATOR ->
          // the roles whose sessions may change things; the function checks who STS says signed
          env.put(OperatorAccess.ROLES_VARIABLE, String.join(",", OperatorAccess.roleArns(cfg)));
      case REMEDIATION -> {
        // declared, so that samconfig's local-env.json can lift it for recorded sample events
        env.put("ALARM_MAX_AGE_MINUTES", String.valueOf(cfg.alarmMaxAgeMinutes()));
        // only when a report cannot be published: its check then goes to the queue directly
        env.put("VERIFY_QUEUE_URL", messaging.verifyQueue().getQueueUrl());
      }
      case VERIFIER -> {
        env.put("VERIFY_QUEUE_URL", messaging.verifyQueue().getQueueUrl());
        // the only eventSourceARN the verifier takes records from
        env.put("VERIFICATION_QUEUE_ARN", messaging.verifyQueue().getQueueArn());
      }
    }
    env.putAll(ChatActions.environment(cfg, messaging.commandQueue(), which == Handler.OPERATOR));
    targets(env);
    env.put("DRY_RUN", Boolean.toString(dryRun));
    // Read by Powertools logging (the `service` field) and by log4j2.json (the level).
    env.put("POWERTOOLS_SERVICE_NAME", cfg.serviceName(which.service));
    env.put("POWERTOOLS_LOG_LEVEL", cfg.logLevel());
    // Read by the JVM: C1 only, the faster start for short invocations.
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
    return env;
  }

  /** The ledger and the two guardrail parameters (kill switch, policy override). */
  private void guardrails(Map<String, String> env) {
    env.put("LEDGER_TABLE", state.ledger().getTableName());
    env.put("KILL_SWITCH_PARAMETER", state.killSwitch().getParameterName());
    // An alarm of another account is refused by name (AlarmProvenance). The pseudo parameter in
    // every environment (a pinned account would be a literal), so the variable is the account the
    // stack is deployed to, and a local run can empty it alike.
    env.put("OWN_ACCOUNT_ID", Aws.ACCOUNT_ID);
    env.put("POLICY_PARAMETER", state.policyOverride().getParameterName());
  }

  /** What the runbooks diagnose and fix: the environment's services, functions, database. */
  private void targets(Map<String, String> env) {
    EnvConfig.Targets targets = cfg.targets();
    env.put("ECS_CLUSTER", cfg.clusterName());
    env.put("ALB_LOAD_BALANCER", targets.albLoadBalancer());
    env.put("ALB_BACKEND_TARGET_GROUP", targets.albBackendTargetGroup());
    env.put("RDS_INSTANCE", cfg.rdsInstance());
    env.put("LAMBDA_FUNCTIONS", String.join(",", cfg.lambdaFunctionNames()));
    env.put("API_FUNCTIONS", String.join(",", cfg.apiFunctionNames()));
    env.put("LAMBDA_ALIAS", targets.lambdaAlias());
    env.put("API_CALLER_TIMEOUT_SECONDS", Integer.toString(targets.apiCallerTimeoutSeconds()));
    env.put("EXCHANGE_ENDPOINTS", String.join(",", targets.exchangeEndpoints()));
    env.put("HEALTH_ENDPOINTS", String.join(",", targets.healthEndpoints()));
    // Short names: the code builds tradai-{service}-{env} itself.
    env.put("HEALTH_SERVICES", String.join(",", targets.ecsServices()));
  }
}
