package com.tradai.remediation.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Plan;
import com.tradai.remediation.guard.GuardContext.Breaker;
import com.tradai.remediation.guard.GuardContext.Claims;
import com.tradai.remediation.guard.GuardContext.Facts;
import com.tradai.remediation.guard.GuardContext.Origin;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invariants of the guard pipeline over many generated plans, policies and ledger facts (seeded, so
 * a failure names its seed and replays): whatever is generated, an alarm-driven action that is
 * allowed never exceeds its cap, never lowers a value, never touches a resource outside the
 * environment's names, and never lands inside its cooldown.
 */
class GuardInvariantsTest {
  private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
  private static final List<String> ENVS = List.of("dev", "staging", "prod");
  private static final List<String> KINDS =
      List.of(
          "ecs-scale",
          "ecs-task-memory",
          "lambda-memory",
          "lambda-timeout",
          "lambda-provisioned-concurrency",
          "rds-instance-class",
          "dynamodb-capacity");

  static Stream<Long> seeds() {
    return IntStream.range(0, 300).mapToObj(i -> 7919L * i + 17);
  }

  private record World(String env, Policy policy, Random random) {}

  private static World world(long seed) {
    Random r = new Random(seed);
    String env = ENVS.get(r.nextInt(ENVS.size()));
    Map<String, Policy.Limits> limits = new HashMap<>();
    for (String kind : KINDS) {
      if (!kind.equals("rds-instance-class") && r.nextInt(8) > 0) {
        limits.put(kind, new Policy.Limits(1 + r.nextInt(5), r.nextInt(4000)));
      }
    }
    Map<String, Duration> cooldowns = new HashMap<>();
    KINDS.forEach(k -> cooldowns.put(k, Duration.ofMinutes(r.nextInt(4) * 10L)));
    Policy.Guards guards =
        new Policy.Guards(
            cooldowns,
            new Policy.Window(1 + r.nextInt(10), Duration.ofMinutes(30 + r.nextInt(60))),
            new Policy.Breaker(1 + r.nextInt(5), 1 + r.nextInt(20), Duration.ofMinutes(60)),
            new Policy.Approval(
                r.nextBoolean() ? Set.of("rds-instance-class") : Set.of(),
                r.nextBoolean() ? Map.of("ecs-task-memory", 1024L) : Map.of()),
            Duration.ofMinutes(5),
            Duration.ofHours(24),
            Duration.ofHours(1));
    Policy policy =
        new Policy(
            env,
            r.nextInt(5) == 0,
            limits,
            List.of(512, 1024, 1769, 3008),
            List.of("db.t4g.micro", "db.t4g.small", "db.t4g.medium"),
            new Policy.Thresholds(2, 80, 80, 2, 5),
            true,
            guards);
    return new World(env, policy, r);
  }

  private static String target(Random r, String env) {
    return switch (r.nextInt(9)) {
      case 0 -> "";
      case 1 -> "*";
      case 2 -> "tradai-*-" + env;
      case 3 -> "tradai-backend-" + ENVS.get((ENVS.indexOf(env) + 1) % ENVS.size());
      case 4 -> "other-backend-" + env;
      case 5 -> "tradai-backend-" + env + "-x";
      default ->
          "tradai-"
              + List.of("backend", "strategy-service", "data-collection").get(r.nextInt(3))
              + "-"
              + env;
    };
  }

  private static Action action(Random r, String env) {
    String t = target(r, env);
    int before = r.nextInt(3000);
    int after =
        r.nextInt(10) == 0 ? Math.max(0, before - 1 - r.nextInt(5)) : before + r.nextInt(3000);
    return switch (r.nextInt(7)) {
      case 0 ->
          new Action.ScaleEcsService(
              "tradai-" + env,
              t,
              before % 20,
              after % 20 == before % 20 ? before % 20 + 1 : after % 20);
      case 1 -> new Action.RaiseEcsTaskMemory("tradai-" + env, t, "td", 512, before, after);
      case 2 -> new Action.RaiseLambdaMemory(t, before, after);
      case 3 -> new Action.RaiseLambdaTimeout(t, before % 900, after % 900);
      case 4 -> new Action.SetProvisionedConcurrency(t, "live", before % 50, after % 50);
      case 5 -> {
        int b = r.nextInt(3);
        int a = r.nextInt(4);
        yield new Action.ChangeRdsInstanceClass(t, "c" + b, "c" + a, b, a);
      }
      default -> new Action.RaiseDynamoDbCapacity(t, "read", before, after);
    };
  }

  private static Facts facts(Random r, List<Action> plan, Instant now) {
    Map<String, Instant> last = new HashMap<>();
    for (Action a : plan) {
      if (r.nextBoolean()) {
        last.put(Facts.key(a.kind(), a.target()), now.minus(Duration.ofMinutes(r.nextInt(60))));
      }
    }
    return new Facts(
        r.nextInt(10) == 0 ? Optional.of("on") : Optional.empty(),
        new Breaker(r.nextInt(10) == 0, "tripped", r.nextInt(4), r.nextInt(15)),
        last,
        r.nextInt(8),
        r.nextInt(10) == 0 ? Claims.duplicateOf("dup") : Claims.granted());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void allowedActionsStayWithinCapsNeverLowerAndOnlyTouchTheEnvironment(long seed) {
    World w = world(seed);
    Random r = w.random();
    List<Action> actions = new ArrayList<>();
    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
      actions.add(action(r, w.env()));
    }
    Instant now = T0.plus(Duration.ofMinutes(r.nextInt(600)));
    GuardContext c =
        new GuardContext(
            "tradai",
            w.env(),
            now,
            r.nextInt(4) == 0 ? Origin.APPROVED : Origin.ALARM,
            "api-latency",
            facts(r, actions, now));
    Pattern own = Pattern.compile("^tradai-[a-z0-9-]+-" + w.env() + "$");
    for (Decision d : Guardrails.standard().review(new Plan(actions), w.policy(), c)) {
      if (!d.mayApply()) {
        continue;
      }
      Action a = d.effective();
      assertThat(a.after())
          .as("cap of %s", a)
          .isLessThanOrEqualTo(w.policy().limit(a.kind()).max());
      assertThat(a.after()).as("never lower %s", a).isGreaterThan(a.before());
      assertThat(a.target()).as("target of %s", a).matches(own);
      Instant last = c.facts().lastApplied().get(Facts.key(a.kind(), a.target()));
      if (last != null) {
        assertThat(now)
            .as("cooldown of %s", a)
            .isAfterOrEqualTo(last.plus(w.policy().guards().cooldown(a.kind())));
      }
      assertThat(c.facts().killSwitch()).isEmpty();
      assertThat(c.facts().claims().duplicate()).isEmpty();
      assertThat(w.policy().dryRun()).isFalse();
    }
  }

  /**
   * A timeline of alarms on a few resources, where each applied change is written back as the
   * ledger would: no two changes of one kind on one resource ever land closer than the cooldown,
   * and no runbook exceeds its rate limit in any window.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void cooldownsAndRateLimitHoldOverATimeline(long seed) {
    World w = world(seed);
    Random r = w.random();
    Policy policy = w.policy().withDryRun(false);
    Map<String, Instant> last = new HashMap<>();
    List<Instant> applied = new ArrayList<>();
    Map<String, List<Instant>> appliedByKey = new HashMap<>();
    Instant now = T0;
    for (int step = 0; step < 60; step++) {
      now = now.plus(Duration.ofSeconds(30 + r.nextInt(600)));
      Instant at = now;
      String service =
          "tradai-" + List.of("backend", "strategy-service").get(r.nextInt(2)) + "-" + w.env();
      int before = r.nextInt(3);
      Action a = new Action.ScaleEcsService("tradai-" + w.env(), service, before, before + 1);
      Duration window = policy.guards().rateLimit().window();
      int recent = (int) applied.stream().filter(t -> t.isAfter(at.minus(window))).count();
      Facts f = new Facts(Optional.empty(), Breaker.CLOSED, last, recent, Claims.granted());
      Decision d =
          Guardrails.standard()
              .review(
                  Plan.of(a),
                  policy,
                  new GuardContext("tradai", w.env(), at, Origin.ALARM, "api-latency", f))
              .getFirst();
      if (d.mayApply()) {
        String key = Facts.key(a.kind(), a.target());
        last.put(key, at);
        applied.add(at);
        appliedByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(at);
      }
    }
    Duration cooldown = policy.guards().cooldown("ecs-scale");
    appliedByKey
        .values()
        .forEach(
            times -> {
              for (int i = 1; i < times.size(); i++) {
                assertThat(Duration.between(times.get(i - 1), times.get(i)))
                    .isGreaterThanOrEqualTo(cooldown);
              }
            });
    Duration window = policy.guards().rateLimit().window();
    for (Instant t : applied) {
      long inWindow =
          applied.stream().filter(x -> !x.isAfter(t) && x.isAfter(t.minus(window))).count();
      assertThat(inWindow).isLessThanOrEqualTo(policy.guards().rateLimit().max());
    }
  }
}
