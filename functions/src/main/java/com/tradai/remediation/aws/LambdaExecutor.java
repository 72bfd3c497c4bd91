package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PutProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;

/**
 * Reads a function's configuration, alias and provisioned concurrency; changes memory, timeout and
 * provisioned concurrency. A configuration update waits until LastUpdateStatus leaves InProgress
 * before and after it, because Lambda refuses a second update while one is in progress.
 */
public final class LambdaExecutor implements Executor, ResourceReader {
  private final Supplier<LambdaClient> client;
  private final Duration poll;
  private final Duration maxWait;

  public LambdaExecutor(Supplier<LambdaClient> client) {
    this(client, Duration.ofSeconds(1), Duration.ofSeconds(60));
  }

  public LambdaExecutor(Supplier<LambdaClient> client, Duration poll, Duration maxWait) {
    this.client = client;
    this.poll = poll;
    this.maxWait = maxWait;
  }

  @Override
  public boolean supports(ResourceRef ref) {
    return ref instanceof ResourceRef.LambdaFunction;
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    ResourceRef.LambdaFunction r = (ResourceRef.LambdaFunction) ref;
    GetFunctionConfigurationResponse cfg;
    try {
      cfg = client.get().getFunctionConfiguration(b -> b.functionName(r.function()));
    } catch (ResourceNotFoundException e) {
      return new ResourceState.Missing(ref.key(), "Lambda function " + r.function() + " not found");
    }
    Optional<AliasConfiguration> alias = alias(r.function(), r.alias());
    int provisioned = alias.map(a -> provisioned(r.function(), a.name())).orElse(0);
    boolean snapStart = cfg.snapStart() != null && cfg.snapStart().applyOn() == SnapStartApplyOn.PUBLISHED_VERSIONS;
    return new ResourceState.LambdaFunction(r.function(), cfg.memorySize(), cfg.timeout(),
        cfg.lastUpdateStatusAsString() == null ? "Successful" : cfg.lastUpdateStatusAsString(),
        alias.map(AliasConfiguration::name), alias.map(AliasConfiguration::functionVersion),
        provisioned, snapStart, r.callerLimitSeconds());
  }

  /** The configured alias, else the function's first alias, else none. */
  private Optional<AliasConfiguration> alias(String function, String preferred) {
    try {
      var a = client.get().getAlias(b -> b.functionName(function).name(preferred));
      return Optional.of(AliasConfiguration.builder().name(a.name()).functionVersion(a.functionVersion())
          .aliasArn(a.aliasArn()).build());
    } catch (ResourceNotFoundException e) {
      return client.get().listAliases(b -> b.functionName(function)).aliases().stream().findFirst();
    }
  }

  /** Requested provisioned concurrency on the alias; 0 when none is configured. */
  private int provisioned(String function, String alias) {
    try {
      Integer n = client.get().getProvisionedConcurrencyConfig(b -> b.functionName(function).qualifier(alias))
          .requestedProvisionedConcurrentExecutions();
      return n == null ? 0 : n;
    } catch (LambdaException e) {
      if (e.statusCode() == 404) {
        return 0;
      }
      throw e;
    }
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.RaiseLambdaMemory || action instanceof Action.RaiseLambdaTimeout
        || action instanceof Action.SetProvisionedConcurrency;
  }

  @Override
  public Applied apply(Action action) {
    return switch (action) {
      case Action.RaiseLambdaMemory m -> {
        awaitUpdated(m.function());
        client.get().updateFunctionConfiguration(b -> b.functionName(m.function()).memorySize(m.afterMb()));
        GetFunctionConfigurationResponse now = awaitUpdated(m.function());
        yield new Applied(m, "memory is now " + now.memorySize() + " MB (LastUpdateStatus "
            + status(now) + ")");
      }
      case Action.RaiseLambdaTimeout t -> {
        awaitUpdated(t.function());
        client.get().updateFunctionConfiguration(b -> b.functionName(t.function()).timeout(t.afterSeconds()));
        GetFunctionConfigurationResponse now = awaitUpdated(t.function());
        yield new Applied(t, "timeout is now " + now.timeout() + " s (LastUpdateStatus " + status(now) + ")");
      }
      case Action.SetProvisionedConcurrency p -> {
        PutProvisionedConcurrencyConfigResponse r = client.get().putProvisionedConcurrencyConfig(b -> b
            .functionName(p.function()).qualifier(p.alias()).provisionedConcurrentExecutions(p.afterCount()));
        yield new Applied(p, "provisioned concurrency on " + p.alias() + " requested "
            + r.requestedProvisionedConcurrentExecutions() + " (status " + r.statusAsString() + ")");
      }
      default -> throw new IllegalArgumentException("LambdaExecutor cannot apply " + action);
    };
  }

  private static String status(GetFunctionConfigurationResponse r) {
    return r.lastUpdateStatusAsString() == null ? "Successful" : r.lastUpdateStatusAsString();
  }

  /** Polls until the last update is no longer in progress; a failed update is an error. */
  GetFunctionConfigurationResponse awaitUpdated(String function) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      GetFunctionConfigurationResponse cfg = client.get().getFunctionConfiguration(b -> b.functionName(function));
      if (cfg.lastUpdateStatus() == LastUpdateStatus.FAILED) {
        throw new IllegalStateException("the last update of " + function + " failed: "
            + cfg.lastUpdateStatusReason());
      }
      if (cfg.lastUpdateStatus() != LastUpdateStatus.IN_PROGRESS) {
        return cfg;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(function + " is still updating after " + maxWait.toSeconds() + " s");
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + function, e);
      }
    }
  }
}
