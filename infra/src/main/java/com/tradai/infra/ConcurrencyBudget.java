package com.tradai.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Room for the break-glass path. In an account-wide throttling incident a function on the
 * unreserved pool waits with everyone else; the operator function (a person's approve, rollback,
 * kill switch), the verifier (checks and rollbacks) and the health check each reserve a little
 * concurrency so that they still run. Pure: each problem names its config key.
 *
 * <p>Lambda refuses a reservation that would leave less than {@value #MIN_UNRESERVED} unreserved
 * executions in the account, so synth refuses it first: the stack's reservations plus {@code
 * lambdaConcurrency.reservedElsewhere} must leave {@value #MIN_UNRESERVED} of {@code
 * lambdaConcurrency.accountLimit}.
 */
final class ConcurrencyBudget {
  /** What Lambda keeps unreserved in every account (UnreservedConcurrentExecution). */
  static final int MIN_UNRESERVED = 100;

  /**
   * The verifier's SQS event source polls with this many at most; Lambda's minimum for an SQS event
   * source's maximum concurrency is 2, and a reservation below it would throttle polled messages
   * back into the queue (each throttle counts as a receive).
   */
  static final int VERIFIER_MIN = 2;

  private ConcurrencyBudget() {}

  /** The reservations by config key, in the order the functions are listed. */
  static Map<String, Integer> reservations(EnvConfig cfg) {
    EnvConfig.Functions f = cfg.functions();
    Map<String, Integer> by = new LinkedHashMap<>();
    by.put(key("remediation"), reserved(f.remediation()));
    by.put(key("verifier"), reserved(f.verifier()));
    by.put(key("healthCheck"), reserved(f.healthCheck()));
    by.put(key("operator"), reserved(f.operator()));
    return by;
  }

  static List<String> problems(EnvConfig cfg) {
    List<String> problems = new ArrayList<>();
    if (cfg.functions().operator() == null) {
      problems.add("functions.operator: required (memoryMb, timeoutSeconds, reservedConcurrency)");
      return problems;
    }
    Map<String, Integer> reserved = reservations(cfg);
    Integer remediation = reserved.get(key("remediation"));
    if (remediation != null && remediation < 1) {
      problems.add(
          key("remediation")
              + ": "
              + remediation
              + " would stop the function (0 reserved"
              + " means never invoked); leave it unset for the unreserved pool, or reserve at least 1");
    }
    atLeast(
        problems,
        key("operator"),
        reserved.get(key("operator")),
        1,
        "a person's approve, rollback and kill switch must run while the account is throttled");
    atLeast(
        problems,
        key("healthCheck"),
        reserved.get(key("healthCheck")),
        1,
        "the scheduled check must run while the account is throttled");
    atLeast(
        problems,
        key("verifier"),
        reserved.get(key("verifier")),
        VERIFIER_MIN,
        "the verification queue's event source polls with up to this many, and Lambda's least is "
            + VERIFIER_MIN);
    EnvConfig.LambdaConcurrency account = cfg.lambdaConcurrency();
    if (account == null) {
      problems.add("lambdaConcurrency: required ({accountLimit, reservedElsewhere})");
      return problems;
    }
    int total = reserved.values().stream().filter(n -> n != null).mapToInt(Integer::intValue).sum();
    int left = account.accountLimit() - account.reservedElsewhere() - total;
    if (left < MIN_UNRESERVED) {
      List<String> terms = new ArrayList<>();
      reserved.forEach(
          (key, n) -> {
            if (n != null) {
              terms.add(key + " " + n);
            }
          });
      terms.add("lambdaConcurrency.reservedElsewhere " + account.reservedElsewhere());
      problems.add(
          "reserved concurrency: "
              + String.join(" + ", terms)
              + " leaves "
              + left
              + " of"
              + " lambdaConcurrency.accountLimit "
              + account.accountLimit()
              + " unreserved; Lambda keeps at"
              + " least "
              + MIN_UNRESERVED
              + " (lower a reservation, or raise the account's limit in"
              + " Service Quotas and lambdaConcurrency.accountLimit with it)");
    }
    return problems;
  }

  private static void atLeast(List<String> problems, String key, Integer n, int least, String why) {
    if (n == null || n < least) {
      problems.add(key + ": must be at least " + least + ", got " + n + " (" + why + ")");
    }
  }

  private static Integer reserved(EnvConfig.Sizing sizing) {
    return sizing == null ? null : sizing.reservedConcurrency();
  }

  private static String key(String function) {
    return "functions." + function + ".reservedConcurrency";
  }
}
