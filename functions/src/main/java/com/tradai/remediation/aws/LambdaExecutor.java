package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ChangedSince;
import com.tradai.remediation.core.Recheck;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.ResourceReader;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.GetAliasResponse;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.PreconditionFailedException;
import software.amazon.awssdk.services.lambda.model.PutProvisionedConcurrencyConfigResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.SnapStartApplyOn;
import software.amazon.awssdk.services.lambda.model.State;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;

/**
 * Reads a function's configuration as its alias serves it, the alias and provisioned concurrency;
 * changes memory, timeout and provisioned concurrency. Published versions are immutable, so a
 * memory or timeout fix reaches an alias only by publishing a version and moving the alias. A
 * configuration update waits until LastUpdateStatus leaves InProgress before and after it, because
 * Lambda refuses a second update while one is in progress.
 */
public final class LambdaExecutor implements Executor, ResourceReader {
  private static final String LATEST = "$LATEST";
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
    GetFunctionConfigurationResponse latest;
    try {
      latest = client.get().getFunctionConfiguration(b -> b.functionName(r.function()));
    } catch (ResourceNotFoundException e) {
      return new ResourceState.Missing(ref.key(), "Lambda function " + r.function() + " not found");
    }
    Optional<AliasConfiguration> alias = alias(r.function(), r.alias());
    Optional<String> published =
        alias.map(AliasConfiguration::functionVersion).filter(v -> !LATEST.equals(v));
    GetFunctionConfigurationResponse serving =
        published
            .map(
                v ->
                    client
                        .get()
                        .getFunctionConfiguration(b -> b.functionName(r.function()).qualifier(v)))
            .orElse(latest);
    int provisioned = alias.map(a -> provisioned(r.function(), a.name())).orElse(0);
    boolean snapStart =
        latest.snapStart() != null
            && latest.snapStart().applyOn() == SnapStartApplyOn.PUBLISHED_VERSIONS;
    return new ResourceState.LambdaFunction(
        r.function(),
        serving.memorySize(),
        serving.timeout(),
        status(latest),
        alias.map(AliasConfiguration::name),
        alias.map(AliasConfiguration::functionVersion),
        provisioned,
        snapStart,
        r.callerLimitSeconds(),
        codeDiffers(latest, serving));
  }

  private static boolean codeDiffers(
      GetFunctionConfigurationResponse latest, GetFunctionConfigurationResponse serving) {
    return latest != serving
        && !java.util.Objects.equals(latest.codeSha256(), serving.codeSha256());
  }

  /** The configured alias, else the function's first alias, else none. */
  private Optional<AliasConfiguration> alias(String function, String preferred) {
    try {
      var a = client.get().getAlias(b -> b.functionName(function).name(preferred));
      return Optional.of(
          AliasConfiguration.builder()
              .name(a.name())
              .functionVersion(a.functionVersion())
              .aliasArn(a.aliasArn())
              .build());
    } catch (ResourceNotFoundException e) {
      return client.get().listAliases(b -> b.functionName(function)).aliases().stream().findFirst();
    }
  }

  /** Requested provisioned concurrency on the alias; 0 when none is configured. */
  private int provisioned(String function, String alias) {
    try {
      Integer n =
          client
              .get()
              .getProvisionedConcurrencyConfig(b -> b.functionName(function).qualifier(alias))
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
    return action instanceof Action.RaiseLambdaMemory
        || action instanceof Action.RaiseLambdaTimeout
        || action instanceof Action.SetProvisionedConcurrency;
  }

  @Override
  public Applied apply(Action action) {
    return switch (action) {
      case Action.RaiseLambdaMemory m ->
          changeServing(
              m,
              m.function(),
              m.alias(),
              m.restoreTo(),
              b -> b.memorySize(m.afterMb()),
              cfg -> cfg.memorySize(),
              cfg -> "memory is now " + cfg.memorySize() + " MB");
      case Action.RaiseLambdaTimeout t ->
          changeServing(
              t,
              t.function(),
              t.alias(),
              t.restoreTo(),
              b -> b.timeout(t.afterSeconds()),
              cfg -> cfg.timeout(),
              cfg -> "timeout is now " + cfg.timeout() + " s");
      case Action.SetProvisionedConcurrency p -> {
        Recheck.require(
            p, new Recheck.LambdaNow(p.alias(), "", 0, 0, provisioned(p.function(), p.alias())));
        PutProvisionedConcurrencyConfigResponse r =
            client
                .get()
                .putProvisionedConcurrencyConfig(
                    b ->
                        b.functionName(p.function())
                            .qualifier(p.alias())
                            .provisionedConcurrentExecutions(p.afterCount()));
        yield new Applied(
            p,
            "provisioned concurrency on "
                + p.alias()
                + " requested "
                + r.requestedProvisionedConcurrentExecutions()
                + " (status "
                + r.statusAsString()
                + ")");
      }
      default -> throw new IllegalArgumentException("LambdaExecutor cannot apply " + action);
    };
  }

  /**
   * Changes $LATEST and, when an alias serves traffic, makes the alias serve the change. First it
   * re-reads what the alias serves and goes ahead only while that is what the action was planned on
   * ({@link Recheck}): the version and its setting. A fix publishes $LATEST and moves the alias to
   * the new version once it is Active (with SnapStart, Lambda snapshots the version while it is
   * Pending); the new version is what the fix created, kept in its audit record. A rollback points
   * the alias back to the version it served before the fix ({@code restoreTo}), which still holds
   * the old setting (published versions are immutable). Every update carries the RevisionId just
   * read, so Lambda refuses it (PreconditionFailedException) if the function or alias changed in
   * between. Provisioned concurrency configured on the alias follows it to the new version.
   * Publishing refuses when $LATEST's code is not the code the alias serves: that would ship a
   * change nobody promoted.
   */
  private Applied changeServing(
      Action planned,
      String function,
      String alias,
      String restoreTo,
      Consumer<UpdateFunctionConfigurationRequest.Builder> change,
      ToIntFunction<GetFunctionConfigurationResponse> setting,
      Function<GetFunctionConfigurationResponse, String> describe) {
    GetAliasResponse served =
        alias.isBlank() ? null : client.get().getAlias(b -> b.functionName(function).name(alias));
    if (served == null || LATEST.equals(served.functionVersion())) {
      GetFunctionConfigurationResponse latest = awaitUpdated(function);
      Recheck.require(planned, reading(served == null ? "" : LATEST, latest));
      GetFunctionConfigurationResponse now = updateLatest(function, latest, change);
      return new Applied(
          planned,
          describe.apply(now)
              + " (LastUpdateStatus "
              + status(now)
              + ")"
              + (served == null
                  ? "; $LATEST serves unqualified invocations"
                  : "; alias " + alias + " serves $LATEST"));
    }
    String from = served.functionVersion();
    Recheck.require(planned, reading(from, configuration(function, from)));
    boolean restoring = !restoreTo.isBlank();
    GetFunctionConfigurationResponse target;
    if (restoring) {
      target = configuration(function, restoreTo);
      if (setting.applyAsInt(target) != (int) planned.after()) {
        throw new IllegalStateException(
            "version "
                + restoreTo
                + " of "
                + function
                + " does not hold "
                + planned.after()
                + "; nothing was changed");
      }
      // $LATEST follows only while it still holds the fix's value: a later change there stands
      GetFunctionConfigurationResponse latest = awaitUpdated(function);
      if (setting.applyAsInt(latest) == (int) planned.before()) {
        updateLatest(function, latest, change);
      }
    } else {
      target = publish(function, from, change);
    }
    try {
      client
          .get()
          .updateAlias(
              b ->
                  b.functionName(function)
                      .name(alias)
                      .functionVersion(target.version())
                      .revisionId(served.revisionId()));
    } catch (PreconditionFailedException moved) {
      throw new ChangedSince(
          "alias "
              + alias
              + " of "
              + function
              + " changed while it was being moved"
              + " (Lambda refused its RevisionId); it still serves what someone else set, a person decides");
    }
    String now = client.get().getAlias(b -> b.functionName(function).name(alias)).functionVersion();
    return new Applied(
        planned,
        describe.apply(configuration(function, now))
            + "; alias "
            + alias
            + " now serves version "
            + now
            + " (was "
            + from
            + (restoring ? ", restored" : ", published")
            + ")"
            + provisionedNote(function, alias),
        null,
        restoring ? null : target.version());
  }

  private static Recheck.LambdaNow reading(String version, GetFunctionConfigurationResponse cfg) {
    return new Recheck.LambdaNow(
        version,
        cfg.codeSha256(),
        cfg.memorySize() == null ? 0 : cfg.memorySize(),
        cfg.timeout() == null ? 0 : cfg.timeout(),
        0);
  }

  private GetFunctionConfigurationResponse publish(
      String function,
      String servedVersion,
      Consumer<UpdateFunctionConfigurationRequest.Builder> change) {
    String servedCode = configuration(function, servedVersion).codeSha256();
    if (!java.util.Objects.equals(awaitUpdated(function).codeSha256(), servedCode)) {
      throw new IllegalStateException(
          "$LATEST of "
              + function
              + " holds code that version "
              + servedVersion
              + " does not; publishing it would ship an unpromoted change, so nothing was changed");
    }
    GetFunctionConfigurationResponse updated =
        updateLatest(function, awaitUpdated(function), change);
    String version =
        client
            .get()
            .publishVersion(
                b ->
                    b.functionName(function)
                        .codeSha256(servedCode)
                        .revisionId(updated.revisionId()))
            .version();
    return awaitActive(function, version);
  }

  /** Updates $LATEST only if it is still the revision {@code read} (Lambda's RevisionId check). */
  private GetFunctionConfigurationResponse updateLatest(
      String function,
      GetFunctionConfigurationResponse read,
      Consumer<UpdateFunctionConfigurationRequest.Builder> change) {
    try {
      client
          .get()
          .updateFunctionConfiguration(
              b -> change.accept(b.functionName(function).revisionId(read.revisionId())));
    } catch (PreconditionFailedException moved) {
      throw new ChangedSince(
          function
              + " changed while it was being updated (Lambda refused its"
              + " RevisionId); nothing was changed, a person decides");
    }
    return awaitUpdated(function);
  }

  private GetFunctionConfigurationResponse configuration(String function, String version) {
    return client.get().getFunctionConfiguration(b -> b.functionName(function).qualifier(version));
  }

  private String provisionedNote(String function, String alias) {
    int n = provisioned(function, alias);
    return n == 0 ? "" : "; provisioned concurrency " + n + " on " + alias + " moves to it";
  }

  /** A new version is Pending while Lambda prepares it (SnapStart snapshots it then). */
  private GetFunctionConfigurationResponse awaitActive(String function, String version) {
    return poll(
        function + ":" + version,
        () -> {
          GetFunctionConfigurationResponse cfg = configuration(function, version);
          if (cfg.state() == State.FAILED) {
            throw new IllegalStateException(
                "version " + version + " of " + function + " failed: " + cfg.stateReason());
          }
          return cfg.state() == State.PENDING ? Optional.empty() : Optional.of(cfg);
        });
  }

  private static String status(GetFunctionConfigurationResponse r) {
    return r.lastUpdateStatusAsString() == null ? "Successful" : r.lastUpdateStatusAsString();
  }

  /** Polls until the last update is no longer in progress; a failed update is an error. */
  GetFunctionConfigurationResponse awaitUpdated(String function) {
    return poll(
        function,
        () -> {
          GetFunctionConfigurationResponse cfg =
              client.get().getFunctionConfiguration(b -> b.functionName(function));
          if (cfg.lastUpdateStatus() == LastUpdateStatus.FAILED) {
            throw new IllegalStateException(
                "the last update of " + function + " failed: " + cfg.lastUpdateStatusReason());
          }
          return cfg.lastUpdateStatus() == LastUpdateStatus.IN_PROGRESS
              ? Optional.empty()
              : Optional.of(cfg);
        });
  }

  private <T> T poll(String what, Supplier<Optional<T>> ready) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    while (true) {
      Optional<T> done = ready.get();
      if (done.isPresent()) {
        return done.get();
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            what + " is still updating after " + maxWait.toSeconds() + " s");
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + what, e);
      }
    }
  }
}
