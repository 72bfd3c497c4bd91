package com.tradai.remediation.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.guard.Mode;
import com.tradai.remediation.guard.Policy;
import com.tradai.remediation.guard.TrackRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Reads and validates a policy; an error names the field that is wrong. */
public final class PolicyLoader {
  /** Action kinds a policy may set limits for. */
  public static final Set<String> KINDS =
      Set.of(
          "ecs-scale",
          "ecs-task-memory",
          "lambda-memory",
          "lambda-timeout",
          "lambda-provisioned-concurrency",
          "dynamodb-capacity");

  /** Kinds cooldowns and approvals may name: the limited kinds plus the RDS class ladder. */
  public static final Set<String> GUARDED_KINDS =
      new TreeSet<>(
          java.util.stream.Stream.concat(
                  KINDS.stream(), java.util.stream.Stream.of("rds-instance-class"))
              .toList());

  /** The runbooks a policy's {@code modes} may name (RunbookModesTest keeps it true). */
  public static final Set<String> RUNBOOKS =
      new TreeSet<>(
          Set.of(
              "api-latency",
              "backtest",
              "dynamodb-throttling",
              "ecs-service",
              "exchange-api",
              "lambda-cold-start",
              "lambda-timeout",
              "health-check",
              "rds-slow-queries"));

  private final ObjectMapper mapper;
  private final java.util.Optional<java.nio.file.Path> file;

  public PolicyLoader(ObjectMapper mapper) {
    this(mapper, java.util.Optional.empty());
  }

  /**
   * @param file a policy file read instead of the bundled {@code policy/{env}.json} (POLICY_FILE:
   *     local runs and load tests; the stack never sets it). Its policy is the file policy an SSM
   *     override may only tighten.
   */
  public PolicyLoader(ObjectMapper mapper, java.util.Optional<java.nio.file.Path> file) {
    this.mapper = mapper;
    this.file = file;
  }

  public Policy forEnvironment(String env) {
    return parse(document(env), source(env));
  }

  private String source(String env) {
    return file.map(String::valueOf).orElse("/policy/" + env + ".json");
  }

  /** The {@code verification} section of an environment's policy, validated like the rest. */
  public VerificationPolicy verificationFor(String env) {
    return parseVerification(document(env), "/policy/" + env + ".json");
  }

  /** The environment's policy file as JSON, before validation. */
  public JsonNode document(String env) {
    if (file.isPresent()) {
      try {
        return mapper.readTree(file.get().toFile());
      } catch (IOException e) {
        throw new InvalidPolicyException(
            "policy file " + file.get() + " could not be read: " + e.getMessage());
      }
    }
    String resource = "/policy/" + env + ".json";
    try (InputStream in = PolicyLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidPolicyException(
            "no policy for environment '" + env + "' (" + resource + ")");
      }
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The file's policy with a run-time override merged over it (objects merge field by field, any
   * other value replaces), validated whole; the policy must be for {@code env}.
   */
  public Policy withOverride(String env, String overrideJson, String overrideSource) {
    String source = source(env) + " + " + overrideSource;
    JsonNode override;
    try {
      override = mapper.readTree(overrideJson);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidPolicyException(
          "policy " + source + ": the override is not JSON: " + e.getOriginalMessage());
    }
    if (override == null || !override.isObject()) {
      throw new InvalidPolicyException("policy " + source + ": the override must be a JSON object");
    }
    Policy p = parse(merge(document(env).deepCopy(), override), source);
    if (!p.environment().equals(env)) {
      throw new InvalidPolicyException(
          "policy "
              + source
              + ": environment must stay '"
              + env
              + "', got '"
              + p.environment()
              + "'");
    }
    return p;
  }

  static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode target) || !override.isObject()) {
      return override;
    }
    override
        .properties()
        .forEach(
            e ->
                target.set(
                    e.getKey(),
                    target.has(e.getKey())
                        ? merge(target.get(e.getKey()), e.getValue())
                        : e.getValue()));
    return target;
  }

  public VerificationPolicy parseVerification(JsonNode root, String source) {
    Fields f = new Fields(source);
    JsonNode v = f.object(root, "verification");
    JsonNode c = f.object(v, "verification.checklist");
    return new VerificationPolicy(
        (int) f.longIn(v, "verification.delaySeconds", 0, 900),
        (int) f.longIn(v, "verification.maxChecks", 1, 5),
        (int) f.longIn(v, "verification.windowMinutes", 1, 60),
        f.numberIn(v, "verification.improvementPercent", 1, 90),
        f.bool(v, "verification.rollbackOnWorse"),
        f.numberIn(c, "verification.checklist.apiP99Ms", 1, 60_000),
        f.numberIn(c, "verification.checklist.ecsUtilizationPercent", 1, 100),
        f.numberIn(c, "verification.checklist.dbConnectionsGrowthPercent", 1, 1000));
  }

  public Policy parse(JsonNode root, String source) {
    Fields f = new Fields(source);
    JsonNode limitsNode = f.object(root, "limits");
    Map<String, Policy.Limits> limits = new LinkedHashMap<>();
    limitsNode
        .fieldNames()
        .forEachRemaining(
            kind -> {
              if (!KINDS.contains(kind)) {
                throw f.bad("limits." + kind, "is not an action kind; expected one of " + KINDS);
              }
              JsonNode l = f.object(limitsNode, kind);
              limits.put(
                  kind,
                  new Policy.Limits(
                      l.has("step") ? f.longIn(l, "limits." + kind + ".step", 1, 100_000) : 1,
                      f.longIn(l, "limits." + kind + ".max", 0, 1_000_000)));
            });
    JsonNode ladders = f.object(root, "ladders");
    List<Integer> lambdaLadder = new ArrayList<>();
    for (JsonNode n : f.array(ladders, "ladders.lambda-memory")) {
      if (!n.isInt() || n.asInt() < 128 || n.asInt() > 10240) {
        throw f.bad(
            "ladders.lambda-memory", "must hold whole MB sizes from 128 to 10240, got " + n);
      }
      if (!lambdaLadder.isEmpty() && n.asInt() <= lambdaLadder.getLast()) {
        throw f.bad(
            "ladders.lambda-memory", "must go up, but " + n + " follows " + lambdaLadder.getLast());
      }
      lambdaLadder.add(n.asInt());
    }
    List<String> rdsLadder = new ArrayList<>();
    for (JsonNode n : f.array(ladders, "ladders.rds-instance-class")) {
      if (!n.isTextual() || !n.asText().startsWith("db.")) {
        throw f.bad(
            "ladders.rds-instance-class", "must hold class names like db.t4g.small, got " + n);
      }
      rdsLadder.add(n.asText());
    }
    JsonNode t = f.object(root, "thresholds");
    Policy.Thresholds thresholds =
        new Policy.Thresholds(
            f.numberIn(t, "thresholds.loadSpikeFactor", 1.1, 100),
            f.numberIn(t, "thresholds.memoryPressurePercent", 1, 100),
            f.numberIn(t, "thresholds.rdsCpuPercent", 1, 100),
            f.numberIn(t, "thresholds.lambdaDurationSpikeFactor", 1.1, 100),
            (int) f.longIn(t, "thresholds.recentMinutes", 1, 30));
    boolean applyImmediately =
        !root.has("rds") || f.bool(f.object(root, "rds"), "rds.applyImmediately");
    parseVerification(root, source); // read on its own by the verifier; a policy is refused whole
    return new Policy(
        f.text(root, "environment"),
        f.bool(root, "dryRun"),
        limits,
        lambdaLadder,
        rdsLadder,
        thresholds,
        applyImmediately,
        guards(f, f.object(root, "guards")),
        rollout(f, root));
  }

  /**
   * {@code modes}: {"default": "shadow", "api-latency": "approve"}; absent, every runbook acts.
   * {@code minTrackRecord}: {"rate": 0.8, "minVerdicts": 5, "days": 30}; optional.
   */
  private static Policy.Rollout rollout(Fields f, JsonNode root) {
    Mode fallback = Mode.ACT;
    Map<String, Mode> runbooks = new LinkedHashMap<>();
    if (root.has("modes")) {
      JsonNode m = f.object(root, "modes");
      for (var e : m.properties()) {
        String path = "modes." + e.getKey();
        Mode mode =
            Mode.parse(e.getValue().asText())
                .filter(x -> e.getValue().isTextual())
                .orElseThrow(
                    () ->
                        f.bad(path, "must be one of " + Mode.choices() + ", got " + e.getValue()));
        if (e.getKey().equals("default")) {
          fallback = mode;
        } else if (RUNBOOKS.contains(e.getKey())) {
          runbooks.put(e.getKey(), mode);
        } else {
          throw f.bad(
              path,
              "names '"
                  + e.getKey()
                  + "', which is not a runbook; expected default or one of "
                  + RUNBOOKS);
        }
      }
    }
    java.util.Optional<Policy.Bar> bar = java.util.Optional.empty();
    if (root.has("minTrackRecord")) {
      JsonNode b = f.object(root, "minTrackRecord");
      bar =
          java.util.Optional.of(
              new Policy.Bar(
                  f.numberIn(b, "minTrackRecord.rate", 0, 1),
                  (int) f.longIn(b, "minTrackRecord.minVerdicts", 1, 1000),
                  (int) f.longIn(b, "minTrackRecord.days", 1, TrackRecord.KEPT_DAYS)));
    }
    return new Policy.Rollout(fallback, runbooks, bar);
  }

  private static Policy.Guards guards(Fields f, JsonNode g) {
    Map<String, Duration> cooldowns = new LinkedHashMap<>();
    JsonNode c = f.object(g, "guards.cooldownMinutes");
    c.fieldNames()
        .forEachRemaining(
            kind ->
                cooldowns.put(
                    f.kind("guards.cooldownMinutes." + kind),
                    Duration.ofMinutes(
                        f.longIn(c, "guards.cooldownMinutes." + kind, 0, 7 * 24 * 60))));
    JsonNode r = f.object(g, "guards.rateLimit");
    Policy.Window rate =
        new Policy.Window(
            (int) f.longIn(r, "guards.rateLimit.max", 1, 1000),
            Duration.ofMinutes(f.longIn(r, "guards.rateLimit.windowMinutes", 1, 24 * 60)));
    JsonNode b = f.object(g, "guards.circuitBreaker");
    Policy.Breaker breaker =
        new Policy.Breaker(
            (int) f.longIn(b, "guards.circuitBreaker.maxFailures", 1, 1000),
            (int) f.longIn(b, "guards.circuitBreaker.maxActions", 1, 1000),
            Duration.ofMinutes(f.longIn(b, "guards.circuitBreaker.windowMinutes", 1, 24 * 60)));
    JsonNode a = f.object(g, "guards.approval");
    JsonNode always = a.path("always");
    if (!always.isArray()) {
      throw f.bad("guards.approval.always", "must be a list of action kinds (it may be empty)");
    }
    Set<String> alwaysKinds = new TreeSet<>();
    always.forEach(k -> alwaysKinds.add(f.kind("guards.approval.always", k.asText())));
    Map<String, Long> stepAbove = new LinkedHashMap<>();
    JsonNode s = f.object(a, "guards.approval.stepAbove");
    s.fieldNames()
        .forEachRemaining(
            kind ->
                stepAbove.put(
                    f.kind("guards.approval.stepAbove." + kind),
                    f.longIn(s, "guards.approval.stepAbove." + kind, 0, 1_000_000)));
    return new Policy.Guards(
        cooldowns,
        rate,
        breaker,
        new Policy.Approval(alwaysKinds, stepAbove),
        Duration.ofSeconds(f.longIn(g, "guards.lockTtlSeconds", 30, 3600)),
        Duration.ofHours(f.longIn(g, "guards.idempotencyTtlHours", 1, 24 * 14)),
        Duration.ofMinutes(f.longIn(g, "guards.approvalExpiryMinutes", 5, 7 * 24 * 60)));
  }

  /** A policy that would make the system act wrongly is refused whole. */
  public static final class InvalidPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPolicyException(String message) {
      super(message);
    }
  }

  /** Field readers whose errors carry the policy's name and the field's full path. */
  private record Fields(String source) {
    JsonNode object(JsonNode node, String path) {
      JsonNode v = node.path(leaf(path));
      if (!v.isObject()) {
        throw bad(path, "is missing or not an object");
      }
      return v;
    }

    JsonNode array(JsonNode node, String path) {
      JsonNode v = node.path(leaf(path));
      if (!v.isArray() || v.isEmpty()) {
        throw bad(path, "must be a non-empty list");
      }
      return v;
    }

    String text(JsonNode node, String path) {
      JsonNode v = node.get(leaf(path));
      if (v == null || !v.isTextual() || v.asText().isBlank()) {
        throw bad(path, "must be a non-empty string");
      }
      return v.asText();
    }

    boolean bool(JsonNode node, String path) {
      JsonNode v = node.get(leaf(path));
      if (v == null || !v.isBoolean()) {
        throw bad(path, "must be true or false");
      }
      return v.asBoolean();
    }

    long longIn(JsonNode node, String path, long min, long max) {
      JsonNode v = node.get(leaf(path));
      if (v == null || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
        throw bad(path, "must be a whole number from " + min + " to " + max + ", got " + v);
      }
      return v.asLong();
    }

    double numberIn(JsonNode node, String path, double min, double max) {
      JsonNode v = node.get(leaf(path));
      if (v == null || !v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
        throw bad(path, "must be a number from " + min + " to " + max + ", got " + v);
      }
      return v.asDouble();
    }

    /** The last path segment, which must be an action kind. */
    String kind(String path) {
      return kind(path, leaf(path));
    }

    String kind(String path, String kind) {
      if (!GUARDED_KINDS.contains(kind)) {
        throw bad(
            path,
            "names '" + kind + "', which is not an action kind; expected one of " + GUARDED_KINDS);
      }
      return kind;
    }

    private static String leaf(String path) {
      return path.substring(path.lastIndexOf('.') + 1);
    }

    InvalidPolicyException bad(String path, String what) {
      return new InvalidPolicyException("policy " + source + ": " + path + " " + what);
    }
  }
}
