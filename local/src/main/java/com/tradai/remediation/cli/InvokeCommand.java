package com.tradai.remediation.cli;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.handler.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Runs one handler in-process on one event, with SAM-style environment variables. */
final class InvokeCommand {
  static final Set<String> FLAGS =
      Set.of(
          "--event",
          "--env-vars",
          "--function",
          "--template",
          "--metrics",
          "--endpoint",
          "--dry-run?");
  static final Map<String, String> HANDLERS =
      Map.of(
          "RemediationFunction", "com.tradai.remediation.handler.RemediationHandler",
          "HealthCheckFunction", "com.tradai.remediation.handler.HealthCheckHandler",
          "VerifierFunction", "com.tradai.remediation.handler.VerifierHandler",
          "OperatorFunction", "com.tradai.remediation.handler.OperatorHandler");

  private final Options options;

  InvokeCommand(Options options) {
    this.options = options;
  }

  int run(PrintStream out, PrintStream err) throws Exception {
    String event =
        options
            .get("--event")
            .orElseThrow(() -> new Options.UsageException("--event FILE is required"));
    String function = options.get("--function").orElse("RemediationFunction");
    Map<String, String> envVars =
        options.has("--env-vars")
            ? EnvVars.read(Path.of(options.get("--env-vars").get()), function, Json.MAPPER)
            : Map.of();
    Map<String, String> env = new HashMap<>(System.getenv());
    String handlerClass;
    if (options.has("--template")) {
      TemplateFunction fn;
      try {
        fn = TemplateFunction.read(Path.of(options.get("--template").get()), function, Json.MAPPER);
      } catch (IllegalArgumentException e) {
        throw new Options.UsageException(e.getMessage());
      }
      handlerClass = fn.handlerClass();
      // As sam local invoke does: a reference gets SAM's stand-in (a Ref: the logical id) unless
      // the env-vars file gives it a value.
      Map<String, String> sam =
          fn.samValues(
              envVars.getOrDefault("AWS_REGION", env.getOrDefault("AWS_REGION", "us-east-1")));
      env.putAll(sam);
      env.putAll(fn.environment(envVars));
      List<String> unset = fn.stillUnresolved(envVars);
      if (!unset.isEmpty()) {
        err.println(
            "tradai-remediation: CloudFormation references set as sam local invoke sets them"
                + " (give deployed values, or empty ones for a plan-only run, in --env-vars): "
                + unset.stream().map(n -> n + "=" + sam.get(n)).toList());
      }
      List<String> undeclared =
          envVars.keySet().stream()
              .filter(n -> !fn.environment().containsKey(n) && !fn.unresolved().containsKey(n))
              .sorted()
              .toList();
      if (!undeclared.isEmpty()) {
        err.println(
            "tradai-remediation: not in the template's environment of "
                + function
                + ", used anyway (sam local invoke would ignore them): "
                + undeclared);
      }
    } else {
      handlerClass = HANDLERS.get(function);
      if (handlerClass == null) {
        throw new Options.UsageException(
            "--function '"
                + function
                + "' is not one of "
                + HANDLERS.keySet()
                + " (with --template, any function of the template)");
      }
      env.putAll(envVars);
    }
    env.put("AWS_SAM_LOCAL", "true"); // as sam local invoke sets it: a local run
    options.get("--metrics").ifPresent(f -> env.put("METRICS_REPLAY_FILE", f));
    options.get("--endpoint").ifPresent(u -> env.put("AWS_ENDPOINT_URL", u));
    if (options.has("--dry-run")) {
      env.put("DRY_RUN", "true");
    }
    byte[] input =
        "-".equals(event) ? System.in.readAllBytes() : Files.readAllBytes(Path.of(event));
    ByteArrayOutputStream result = new ByteArrayOutputStream();
    // stdout carries the result alone, so it parses as one JSON document: whatever the function
    // prints itself (EMF metric lines when AWS_EMF_ENVIRONMENT is set) goes to stderr.
    PrintStream stdout = System.out;
    System.setOut(System.err);
    try {
      return invoke(handlerClass, function, env, input, result, out, err);
    } finally {
      System.setOut(stdout);
    }
  }

  private static int invoke(
      String handlerClass,
      String function,
      Map<String, String> env,
      byte[] input,
      ByteArrayOutputStream result,
      PrintStream out,
      PrintStream err)
      throws Exception {
    Object handler;
    try {
      Class<?> type = Class.forName(handlerClass);
      if (!RequestStreamHandler.class.isAssignableFrom(type)) {
        err.println(handlerClass + " is not a RequestStreamHandler");
        return 1;
      }
      Constructor<?> ctor = type.getConstructor(Map.class);
      handler = ctor.newInstance(env);
    } catch (ClassNotFoundException | NoSuchMethodException e) {
      err.println(
          "the handler " + handlerClass + " is not in this jar (is the template stale?): " + e);
      return 1;
    } catch (java.lang.reflect.InvocationTargetException e) {
      err.println("the function could not start: " + e.getCause().getMessage());
      return 1;
    }
    ((RequestStreamHandler) handler)
        .handleRequest(new java.io.ByteArrayInputStream(input), result, new LocalContext(function));
    JsonNode answer = Json.MAPPER.readTree(result.toByteArray());
    out.println(Json.PRETTY.writeValueAsString(answer));
    return "FAILED".equals(answer.path("outcome").asText()) ? 1 : 0;
  }
}
