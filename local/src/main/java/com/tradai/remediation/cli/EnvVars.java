package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SAM CLI's --env-vars file: {"Parameters": {...}} applies to every function, and
 * {"FunctionId": {...}} to one, overriding Parameters.
 */
public final class EnvVars {
  private EnvVars() {}

  public static Map<String, String> read(Path file, String functionId, ObjectMapper mapper)
      throws IOException {
    JsonNode root = mapper.readTree(Files.readAllBytes(file));
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          file
              + ": an env-vars file is a JSON object like "
              + "{\"Parameters\": {\"TRADAI_ENV\": \"dev\"}}");
    }
    Map<String, String> out = new LinkedHashMap<>();
    copy(root.path("Parameters"), out, file);
    if (functionId != null) {
      copy(root.path(functionId), out, file);
    }
    return out;
  }

  private static void copy(JsonNode section, Map<String, String> out, Path file) {
    if (section.isMissingNode()) {
      return;
    }
    if (!section.isObject()) {
      throw new IllegalArgumentException(file + ": each section must be an object of name: value");
    }
    section
        .properties()
        .forEach(
            e -> {
              if (!e.getValue().isValueNode()) {
                throw new IllegalArgumentException(
                    file + ": " + e.getKey() + " must be a string, number or boolean");
              }
              out.put(e.getKey(), e.getValue().asText());
            });
  }
}
