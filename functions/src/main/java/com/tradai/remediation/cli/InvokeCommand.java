package com.tradai.remediation.cli;

import com.tradai.remediation.handler.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Runs one handler in-process on one event, with SAM-style environment variables. */
final class InvokeCommand {
  static final Set<String> FLAGS =
      Set.of("--event", "--env-vars", "--function", "--metrics", "--endpoint", "--dry-run?");
  static final Map<String, String> HANDLERS = Map.of(
      "RemediationFunction", "com.tradai.remediation.handler.RemediationHandler",
      "HealthCheckFunction", "com.tradai.remediation.handler.HealthCheckHandler",
      "VerifierFunction", "com.tradai.remediation.handler.VerifierHandler");

  private final Options options;

  InvokeCommand(Options options) {
    this.options = options;
  }

  int run(PrintStream out, PrintStream err) throws Exception {
    String event = options.get("--event").orElseThrow(() -> new Options.UsageException("--event FILE is required"));
    String function = options.get("--function").orElse("RemediationFunction");
    String handlerClass = HANDLERS.get(function);
    if (handlerClass == null) {
      throw new Options.UsageException("--function '" + function + "' is not one of " + HANDLERS.keySet());
    }
    Map<String, String> env = new HashMap<>(System.getenv());
    if (options.has("--env-vars")) {
      env.putAll(EnvVars.read(Path.of(options.get("--env-vars").get()), function, Json.MAPPER));
    }
    options.get("--metrics").ifPresent(f -> env.put("METRICS_REPLAY_FILE", f));
    options.get("--endpoint").ifPresent(u -> env.put("AWS_ENDPOINT_URL", u));
    if (options.has("--dry-run")) {
      env.put("DRY_RUN", "true");
    }
    byte[] input = "-".equals(event) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(event));
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    Object handler;
    try {
      Constructor<?> ctor = Class.forName(handlerClass).getConstructor(Map.class);
      handler = ctor.newInstance(env);
    } catch (java.lang.reflect.InvocationTargetException e) {
      err.println("the function could not start: " + e.getCause().getMessage());
      return 1;
    }
    ((com.amazonaws.services.lambda.runtime.RequestStreamHandler) handler)
        .handleRequest(new java.io.ByteArrayInputStream(input), result, new LocalContext(function));
    out.println(Json.PRETTY.writeValueAsString(Json.MAPPER.readTree(result.toByteArray())));
    return 0;
  }

}
