package com.tradai.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What synth refuses so that nothing unfinished can be deployed: placeholder ALB ids (an alarm on a
 * load balancer that does not exist never fires), reservations the account cannot give ({@link
 * ConcurrencyBudget}), and in staging and prod an unpinned or made-up account, nobody subscribed,
 * no operator role and task roles not named exactly ({@link PassRoleTargets}). Pure: each problem
 * names its config key.
 *
 * <p>Why a check at synth rather than SSM parameters resolved at deploy time: the ids also name the
 * latency alarm's dimensions and the functions' variables, which a reviewer should see in {@code
 * cdk diff}; an SSM reference would show only its name.
 */
public final class DeployReadiness {
  /** Environments that page people and must be pinned to their account. */
  public static final Set<String> GUARDED = Set.of("staging", "prod");

  private static final Pattern LOAD_BALANCER =
      Pattern.compile("app/[A-Za-z0-9-]{1,32}/([0-9a-f]{16})");
  private static final Pattern TARGET_GROUP =
      Pattern.compile("targetgroup/[A-Za-z0-9-]{1,32}/([0-9a-f]{16})");
  private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");

  /** Ids written by hand as examples: counting up, or one digit repeated. */
  private static final Set<String> EXAMPLE_ACCOUNTS = Set.of("123456789012", "012345678901");

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

  private DeployReadiness() {}

  /** Fails naming every key that is not ready, with what to put there. */
  public static void check(EnvConfig cfg) {
    List<String> problems = problems(cfg);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "config/"
              + cfg.env()
              + ".json is not ready to deploy:\n  - "
              + String.join("\n  - ", problems));
    }
  }

  public static List<String> problems(EnvConfig cfg) {
    List<String> problems = new ArrayList<>();
    albId(
        problems,
        "targets.albLoadBalancer",
        cfg.targets().albLoadBalancer(),
        LOAD_BALANCER,
        "app/tradai-" + cfg.env() + "/<16 hex digits>",
        "aws elbv2 describe-load-balancers --names tradai-" + cfg.env());
    albId(
        problems,
        "targets.albBackendTargetGroup",
        cfg.targets().albBackendTargetGroup(),
        TARGET_GROUP,
        "targetgroup/tradai-backend-" + cfg.env() + "/<16 hex digits>",
        "aws elbv2 describe-target-groups --names tradai-backend-" + cfg.env());
    problems.addAll(ConcurrencyBudget.problems(cfg));
    problems.addAll(PassRoleTargets.problems(cfg));
    Notifications n = cfg.notifications();
    n.emails().stream()
        .filter(e -> !EMAIL.matcher(e).matches())
        .forEach(e -> problems.add("notifications.emails: \"" + e + "\" is not an email address"));
    if (n.slack() != null && (blank(n.slack().workspaceId()) || blank(n.slack().channelId()))) {
      problems.add("notifications.slack: needs workspaceId and channelId (AWS Chatbot console)");
    }
    if (GUARDED.contains(cfg.env())) {
      String account = cfg.account();
      if (blank(account)) {
        problems.add(
            "account: required in "
                + cfg.env()
                + " (the 12-digit account the stack"
                + " deploys to; the CLI then refuses credentials for any other)");
      } else if (!ACCOUNT.matcher(account).matches() || placeholder(account)) {
        problems.add("account: \"" + account + "\" is not a real 12-digit account id");
      }
      problems.addAll(OperatorAccess.readinessProblems(cfg));
      if (!n.reachesAPerson()) {
        problems.add(
            "notifications: nobody is subscribed in "
                + cfg.env()
                + "; add"
                + " notifications.emails and/or notifications.slack {workspaceId, channelId}");
      }
    }
    return problems;
  }

  private static void albId(
      List<String> problems,
      String key,
      String value,
      Pattern shape,
      String expected,
      String lookup) {
    var m = value == null ? null : shape.matcher(value);
    if (m == null || !m.matches()) {
      problems.add(key + ": \"" + value + "\" is not " + expected + " (" + lookup + ")");
    } else if (placeholder(m.group(1))) {
      problems.add(
          key + ": \"" + value + "\" holds a placeholder id; put the real one (" + lookup + ")");
    }
  }

  /** Digits counting up from 0 or 1, or a single character repeated. */
  static boolean placeholder(String id) {
    boolean repeated = id.chars().distinct().count() == 1;
    return repeated
        || EXAMPLE_ACCOUNTS.contains(id)
        || "0123456789abcdef".startsWith(id)
        || "123456789abcdef0".startsWith(id);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
