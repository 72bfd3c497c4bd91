package com.tradai.remediation.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.verify.VerificationPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads and validates a policy; an error names the field that is wrong. */
public final class PolicyLoader {
  /** Action kinds a policy may set limits for. */
  public static final Set<String> KINDS = Set.of("ecs-scale", "ecs-task-memory", "lambda-memory",
      "lambda-timeout", "lambda-provisioned-concurrency", "dynamodb-capacity");

  private final ObjectMapper mapper;

  public PolicyLoader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public Policy forEnvironment(String env) {
    return parse(read(env), source(env));
  }

  /** The {@code verification} section of an environment's policy, validated like the rest. */
  public VerificationPolicy verificationFor(String env) {
    return parseVerification(read(env), source(env));
  }

  private static String source(String env) {
    return "/policy/" + env + ".json";
  }

  private JsonNode read(String env) {
    try (InputStream in = PolicyLoader.class.getResourceAsStream(source(env))) {
      if (in == null) {
        throw new InvalidPolicyException("no policy for environment '" + env + "' (" + source(env) + ")");
      }
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
    limitsNode.fieldNames().forEachRemaining(kind -> {
      if (!KINDS.contains(kind)) {
        throw f.bad("limits." + kind, "is not an action kind; expected one of " + KINDS);
      }
      JsonNode l = f.object(limitsNode, kind);
      limits.put(kind, new Policy.Limits(
          l.has("step") ? f.longIn(l, "limits." + kind + ".step", 1, 100_000) : 1,
          f.longIn(l, "limits." + kind + ".max", 0, 1_000_000)));
    });
    JsonNode ladders = f.object(root, "ladders");
    List<Integer> lambdaLadder = new ArrayList<>();
    for (JsonNode n : f.array(ladders, "ladders.lambda-memory")) {
      if (!n.isInt() || n.asInt() < 128 || n.asInt() > 10240) {
        throw f.bad("ladders.lambda-memory", "must hold whole MB sizes from 128 to 10240, got " + n);
      }
      if (!lambdaLadder.isEmpty() && n.asInt() <= lambdaLadder.getLast()) {
        throw f.bad("ladders.lambda-memory", "must go up, but " + n + " follows " + lambdaLadder.getLast());
      }
      lambdaLadder.add(n.asInt());
    }
    List<String> rdsLadder = new ArrayList<>();
    for (JsonNode n : f.array(ladders, "ladders.rds-instance-class")) {
      if (!n.isTextual() || !n.asText().startsWith("db.")) {
        throw f.bad("ladders.rds-instance-class", "must hold class names like db.t4g.small, got " + n);
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
    parseVerification(root, source); // read on its own by the verifier; a policy is refused whole
    return new Policy(f.text(root, "environment"), f.bool(root, "dryRun"), limits, lambdaLadder,
        rdsLadder, thresholds);
  }

  /** A policy that would make the system act wrongly is refused whole. */
  public static final class InvalidPolicyException extends RuntimeException {
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

    private static String leaf(String path) {
      return path.substring(path.lastIndexOf('.') + 1);
    }

    InvalidPolicyException bad(String path, String what) {
      return new InvalidPolicyException("policy " + source + ": " + path + " " + what);
    }
  }
}
