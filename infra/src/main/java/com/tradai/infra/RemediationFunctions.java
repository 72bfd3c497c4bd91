package com.tradai.infra;

import com.tradai.infra.RemediationStack.Handler;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * The stack's functions, one per {@link Handler}: each with its own least-privilege role ({@link
 * FunctionGrants}), its log group, its environment ({@link FunctionEnvironment}), SnapStart on a
 * published version, and the {@value RemediationStack#ALIAS} alias that every trigger invokes.
 *
 * <p>Not a construct of its own: it builds into the stack's scope, so each function, role, log
 * group and alias keeps its logical id, and the published version keeps its hash.
 */
final class RemediationFunctions {
  private final Construct scope;
  private final EnvConfig cfg;
  private final Code code;
  private final FunctionEnvironment environment;
  private final FunctionGrants grants;
  private final IQueue failureQueue;
  private final Map<Handler, IFunction> functions = new EnumMap<>(Handler.class);
  private final Map<Handler, ILogGroup> logGroups = new EnumMap<>(Handler.class);

  /**
   * @param failureQueue where an asynchronously invoked function's failed events land
   */
  RemediationFunctions(
      Construct scope,
      EnvConfig cfg,
      Code code,
      FunctionEnvironment environment,
      FunctionGrants grants,
      IQueue failureQueue) {
    this.scope = scope;
    this.cfg = cfg;
    this.code = code;
    this.environment = environment;
    this.grants = grants;
    this.failureQueue = failureQueue;
  }

  /**
   * Adds one function and returns its alias, the one thing triggers name.
   *
   * @param asyncMaxEventAge for an asynchronously invoked function, how long an event may wait; two
   *     retries within it, then the failure queue. Null for a function invoked synchronously or by
   *     an event source mapping.
   */
  Alias add(Handler which, EnvConfig.Sizing sizing, Duration asyncMaxEventAge) {
    String name = cfg.serviceName(which.service);
    Role role =
        Role.Builder.create(scope, which.logicalId + "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description("Least-privilege role of " + name + " (see IamAllowList)")
            .build();
    LogicalIds.set(role, which.logicalId + "Role");
    LogGroup logs =
        LogGroup.Builder.create(scope, which.logicalId + "Logs")
            .logGroupName("/aws/lambda/" + name)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(cfg.logRetentionDays());
    LogicalIds.set(logs, which.logicalId + "Logs");

    Function fn =
        Function.Builder.create(scope, which.logicalId)
            .functionName(name)
            .description(which.handler)
            .runtime(Runtime.JAVA_25)
            .architecture(Architecture.ARM_64)
            .handler(which.handler)
            .code(code)
            .memorySize(sizing.memoryMb())
            .timeout(Duration.seconds(sizing.timeoutSeconds()))
            .reservedConcurrentExecutions(sizing.reservedConcurrency())
            .role(role)
            .logGroup(logs)
            .tracing(Tracing.ACTIVE)
            .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
            .environment(environment.of(which))
            .build();
    LogicalIds.set(fn, which.logicalId);
    functions.put(which, fn);
    logGroups.put(which, logs);
    // The version is published (and aliased) just below, which is what SnapStart needs.
    Annotations.of(fn)
        .acknowledgeWarning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "currentVersion is published and the live alias points at it");

    Alias.Builder alias =
        Alias.Builder.create(scope, which.logicalId + "Alias")
            .aliasName(RemediationStack.ALIAS)
            .version(fn.getCurrentVersion());
    if (asyncMaxEventAge != null) {
      alias
          .onFailure(new SqsDestination(failureQueue))
          .retryAttempts(2)
          .maxEventAge(asyncMaxEventAge);
    }
    Alias built = alias.build();
    LogicalIds.set(built, which.logicalId + "Alias");

    grants.grant(role, which);
    return built;
  }

  /**
   * The functions added so far by short name ({@code remediation}, {@code verifier}, {@code
   * health-check}, {@code operator}): the names of the stack's own alarms and dashboard lines.
   */
  Map<String, IFunction> byShortName() {
    return shortNames(functions);
  }

  /** Their log groups, by the same short names. */
  Map<String, ILogGroup> logGroupsByShortName() {
    return shortNames(logGroups);
  }

  private static <T> Map<String, T> shortNames(Map<Handler, T> byHandler) {
    Map<String, T> named = new LinkedHashMap<>();
    byHandler.forEach((h, v) -> named.put(h.service.replaceFirst("^remediation-", ""), v));
    return named;
  }
}
