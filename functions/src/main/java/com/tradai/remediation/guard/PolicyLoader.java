package com.tradai.remediation.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads and validates a policy; an error names the field that is wrong. */
public final class PolicyLoader {
  private final ObjectMapper mapper;

  public PolicyLoader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public Policy forEnvironment(String env) {
    String resource = "/policy/" + env + ".json";
    try (InputStream in = PolicyLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidPolicyException("no policy for environment '" + env + "' (" + resource + ")");
      }
      return parse(mapper.readTree(in), resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Policy parse(JsonNode root, String source) {
    Fields f = new Fields(root, source);
    JsonNode ecs = f.object("ecs");
    JsonNode t = f.object("thresholds");
    Policy.Ecs ecsPolicy =
        new Policy.Ecs(
            f.intIn(ecs, "ecs.scaleStep", 1, 10),
            f.intIn(ecs, "ecs.maxDesiredCount", 1, 100),
            f.intIn(ecs, "ecs.maxTaskMemoryMb", 512, 122880));
    Policy.Thresholds thresholds =
        new Policy.Thresholds(
            f.numberIn(t, "thresholds.loadSpikeFactor", 1.1, 100),
            f.numberIn(t, "thresholds.memoryPressurePercent", 1, 100),
            f.numberIn(t, "thresholds.rdsCpuPercent", 1, 100),
            f.numberIn(t, "thresholds.lambdaDurationSpikeFactor", 1.1, 100),
            f.intIn(t, "thresholds.recentMinutes", 1, 30));
    return new Policy(f.text(root, "environment"), f.bool(root, "dryRun"), ecsPolicy, thresholds);
  }

  /** A policy that would make the system act wrongly is refused whole. */
  public static final class InvalidPolicyException extends RuntimeException {
    public InvalidPolicyException(String message) {
      super(message);
    }
  }

  private record Fields(JsonNode root, String source) {
    JsonNode object(String path) {
      JsonNode node = root.path(path);
      if (!node.isObject()) {
        throw bad(path, "is missing or not an object");
      }
      return node;
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

    int intIn(JsonNode node, String path, int min, int max) {
      JsonNode v = node.get(leaf(path));
      if (v == null || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
        throw bad(path, "must be a whole number from " + min + " to " + max + ", got " + v);
      }
      return v.asInt();
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

    private InvalidPolicyException bad(String path, String what) {
      return new InvalidPolicyException("policy " + source + ": " + path + " " + what);
    }
  }
}
