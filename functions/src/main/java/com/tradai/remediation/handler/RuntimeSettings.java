package com.tradai.remediation.handler;

import com.tradai.remediation.aws.SsmParameters;
import com.tradai.remediation.config.Config;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.guard.KillSwitch;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.PolicyTightening;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings that may change while the function runs: the policy (the file, with the SSM override
 * merged over it) and the kill switch. Each is read at most once per invocation (the shell asks
 * once) and reused from Powertools' cache for a short while.
 */
final class RuntimeSettings {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeSettings.class);

  /** How long an override is reused: a change takes effect within a minute. */
  static final Duration POLICY_MAX_AGE = Duration.ofSeconds(60);

  /** The kill switch is re-read after a few seconds. */
  static final Duration KILL_SWITCH_MAX_AGE = Duration.ofSeconds(5);

  private final Config config;
  private final PolicyLoader loader;
  private final Policy filePolicy;
  private final SsmParameters ssm;

  RuntimeSettings(Config config, PolicyLoader loader, SsmParameters ssm) {
    this.config = config;
    this.loader = loader;
    this.filePolicy = loader.forEnvironment(config.environment());
    this.ssm = ssm;
  }

  /**
   * The policy in force now; an invalid override is refused whole (InvalidPolicyException). An
   * override that loosens any field is refused whole too, and the file's policy stays in force
   * (logged, naming every loosened field).
   */
  Policy policy() {
    Policy p =
        config
            .policyParameter()
            .flatMap(
                name ->
                    ssm.get(name, POLICY_MAX_AGE)
                        .map(
                            json ->
                                tightenedOnly(
                                    "ssm:" + name,
                                    loader.withOverride(
                                        config.environment(), json, "ssm:" + name))))
            .orElse(filePolicy);
    return config.dryRunOverride().map(p::withDryRun).orElse(p);
  }

  private Policy tightenedOnly(String source, Policy merged) {
    Optional<String> refused = PolicyTightening.refusal(source, filePolicy, merged);
    refused.ifPresent(why -> LOG.error("{}", LogSafe.clean(why)));
    return refused.isPresent() ? filePolicy : merged;
  }

  /**
   * Present when the kill switch is engaged, cannot be read (fail closed), or is missing outside
   * dev.
   */
  Optional<String> killSwitch() {
    if (config.killSwitchParameter().isEmpty()) {
      return Optional.empty();
    }
    String name = config.killSwitchParameter().get();
    try {
      return KillSwitch.engaged(config.environment(), name, ssm.get(name, KILL_SWITCH_MAX_AGE));
    } catch (RuntimeException e) {
      LOG.error("kill switch {} unreadable: {}", name, LogSafe.clean(e.getMessage()));
      return Optional.of(KillSwitch.unreadable(name, LogSafe.clean(e.getMessage())));
    }
  }
}
