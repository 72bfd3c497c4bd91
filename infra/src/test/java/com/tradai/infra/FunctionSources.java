package com.tradai.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The function code's sources, read as text, so the infra tests can check the stack against what
 * the code actually does. Only Lambda code lives there: the local tooling (invoke, demo, bench,
 * ops) is the local module.
 */
final class FunctionSources {
  static final Path MAIN = Synth.INFRA_DIR.getParent().resolve("functions/src/main");
  static final Path JAVA = MAIN.resolve("java/com/tradai/remediation");

  private FunctionSources() {}

  /** Path relative to {@link #JAVA} → text, for every Lambda-side source file. */
  static Map<String, String> java() {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> paths = Files.walk(JAVA)) {
      paths
          .filter(p -> p.toString().endsWith(".java"))
          .sorted()
          .forEach(p -> files.put(JAVA.relativize(p).toString(), read(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Pattern CLIENT_IMPORT =
      Pattern.compile("import (software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.\\w+Client);");

  /** Signed calls sent without an SDK client: the X-Amz-Target of an awsJson request. */
  private static final Pattern JSON_TARGET =
      Pattern.compile("\"PerformanceInsightsv20180227\\.(\\w+)\"");

  /**
   * SDK operations that are not IAM actions themselves: a DynamoDB transaction is authorized per
   * item, by the actions of its entries (which entries a call holds is not visible here, so all).
   */
  static final Map<String, List<String>> AUTHORIZED_AS =
      Map.of(
          "dynamodb:TransactWriteItems",
          List.of(
              "dynamodb:PutItem",
              "dynamodb:UpdateItem",
              "dynamodb:DeleteItem",
              "dynamodb:ConditionCheckItem"),
          "dynamodb:TransactGetItems",
          List.of("dynamodb:GetItem"));

  /**
   * Signed query-protocol calls sent without an SDK client ({@code AwsQueryCall}), by file: the
   * service's IAM prefix. Such a file names each action as {@code .call("Action", ...)}.
   * IamAllowListTest checks that every other file making such calls is known.
   */
  static final Map<String, String> QUERY_PROTOCOL =
      Map.of("aws/IamOperatorRoleIds.java", "iam", "aws/CloudWatchQueryAlarms.java", "cloudwatch");

  private static final Pattern QUERY_ACTION = Pattern.compile("\\.call\\(\"(\\w+)\"");

  /** The IAM service prefix of an SDK service package. */
  private static String iamPrefix(String sdkPackage) {
    return switch (sdkPackage) {
      case "cloudwatchlogs" -> "logs";
      case "elasticloadbalancingv2" -> "elasticloadbalancing";
      default -> sdkPackage;
    };
  }

  /**
   * Files whose SDK calls go to the SDK's CannedResponseHttpClient, never over the network: the
   * cold start's client priming. IamAllowListTest checks that they build no other client.
   */
  static final java.util.Set<String> CANNED_ONLY = java.util.Set.of("aws/SdkClientPriming.java");

  /**
   * The AWS operations each source file calls, as IAM actions ({@code ecs:UpdateService}): a call
   * {@code .describeServices(} or {@code .getMetricDataPaginator(} of a method of an SDK client the
   * file imports (the client interface is read by reflection, so every operation of the service is
   * recognised), Performance Insights' signed JSON calls, and the query-protocol calls of the files
   * in {@link #QUERY_PROTOCOL}. Files in {@link #CANNED_ONLY} are left out: their calls are
   * answered in-process.
   */
  static Map<String, TreeSet<String>> awsCallsByFile() {
    Map<String, TreeSet<String>> calls = new LinkedHashMap<>();
    java()
        .forEach(
            (file, source) -> {
              if (CANNED_ONLY.contains(file)) {
                return;
              }
              TreeSet<String> ops = new TreeSet<>();
              Matcher imports = CLIENT_IMPORT.matcher(source);
              while (imports.find()) {
                String prefix = iamPrefix(imports.group(2));
                for (String method : operationMethods(imports.group(1))) {
                  if (Pattern.compile("\\." + method + "\\(").matcher(source).find()) {
                    String op =
                        method.endsWith("Paginator")
                            ? method.substring(0, method.length() - "Paginator".length())
                            : method;
                    String action =
                        prefix + ":" + Character.toUpperCase(op.charAt(0)) + op.substring(1);
                    ops.addAll(AUTHORIZED_AS.getOrDefault(action, List.of(action)));
                  }
                }
              }
              if (QUERY_PROTOCOL.containsKey(file)) {
                Matcher query = QUERY_ACTION.matcher(source);
                while (query.find()) {
                  ops.add(QUERY_PROTOCOL.get(file) + ":" + query.group(1));
                }
              }
              Matcher pi = JSON_TARGET.matcher(source);
              while (pi.find()) {
                ops.add("pi:" + pi.group(1));
              }
              if (!ops.isEmpty()) {
                calls.put(file, ops);
              }
            });
    return calls;
  }

  /** Operation methods of an SDK client interface: those returning a response or a paginator. */
  private static TreeSet<String> operationMethods(String clientClass) {
    TreeSet<String> methods = new TreeSet<>();
    try {
      for (java.lang.reflect.Method m : Class.forName(clientClass).getMethods()) {
        String returns = m.getReturnType().getSimpleName();
        if (returns.endsWith("Response")
            || (returns.endsWith("Iterable") && m.getName().endsWith("Paginator"))) {
          methods.add(m.getName());
        }
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(clientClass + " is not on the test classpath", e);
    }
    return methods;
  }

  private static final Pattern ENV_READ =
      Pattern.compile(
          "(?:get|getOrDefault|containsKey|getenv)\\(\\s*\"([A-Z][A-Z0-9_]{2,})\""
              + "|positiveInt\\([^,]+,\\s*\"([A-Z][A-Z0-9_]{2,})\"");
  private static final Pattern LOG4J_ENV = Pattern.compile("\\$\\{env:([A-Z][A-Z0-9_]+)");

  /**
   * Every environment variable the function code reads by name: {@code env.get("X")}, {@code
   * getOrDefault("X", ..)}, {@code System.getenv("X")}, {@code positiveInt(env, "X", ..)}, and
   * {@code ${env:X}} in log4j2.json. {@code "AWS_ENDPOINT_URL_"} is a prefix (per service).
   */
  static TreeSet<String> environmentVariablesRead() {
    TreeSet<String> names = new TreeSet<>();
    for (String source : java().values()) {
      Matcher m = ENV_READ.matcher(source);
      while (m.find()) {
        names.add(m.group(1) != null ? m.group(1) : m.group(2));
      }
    }
    Matcher m = LOG4J_ENV.matcher(read(MAIN.resolve("resources/log4j2.json")));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
