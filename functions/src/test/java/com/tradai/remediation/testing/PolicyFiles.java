package com.tradai.remediation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.tradai.remediation.config.PolicyLoader;
import com.tradai.remediation.handler.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A bundled policy with some fields changed, written to a file for POLICY_FILE: a test that needs
 * looser guards than the bundled file (a storm where every service may be fixed, no cooldown) says
 * so this way, since the SSM override may only tighten.
 */
public final class PolicyFiles {
  private PolicyFiles() {}

  /** Changes that make every runbook act: a test of what an acting environment does says so. */
  public static final String EVERY_RUNBOOK_ACTS = "{\"modes\": {\"default\": \"act\"}}";

  /**
   * {@code policy/{env}.json} with {@code changes} (a JSON object) merged over it, as a file in
   * dir.
   */
  public static Path loosened(Path dir, String env, String changes) {
    try {
      JsonNode base = new PolicyLoader(Json.MAPPER).document(env).deepCopy();
      merge((ObjectNode) base, Json.MAPPER.readTree(changes));
      Path file = Files.createTempFile(dir, "policy-" + env + "-", ".json");
      Files.write(file, Json.MAPPER.writeValueAsBytes(base));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode target, JsonNode changes) {
    changes
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isObject() && target.get(e.getKey()) instanceof ObjectNode inner) {
                merge(inner, e.getValue());
              } else {
                target.set(e.getKey(), e.getValue());
              }
            });
  }
}
