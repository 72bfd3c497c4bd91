package com.tradai.remediation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The EMF documents Powertools prints while some code runs (AWS_EMF_ENVIRONMENT=Local, as surefire
 * sets it, prints them to stdout): stdout is captured and each document parsed.
 */
public final class EmfCapture {
  private EmfCapture() {}

  public static List<JsonNode> emitted(Callable<?> run) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      run.call();
    } finally {
      System.setOut(original);
    }
    List<JsonNode> docs = new ArrayList<>();
    for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
      if (line.startsWith("{") && line.contains("\"_aws\"")) {
        docs.add(Json.MAPPER.readTree(line));
      }
    }
    return docs;
  }
}
