package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.tradai.remediation.cli.DemoEnvironment;
import com.tradai.remediation.cli.MotoServer;
import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ChangedSince;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.core.Restore;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.testing.Moto;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * A Lambda memory or timeout fix reaches the alias that serves traffic, on moto_server: published
 * versions are immutable, so the executor publishes a version and moves the alias, and a rollback
 * (bound to the version the fix published) points the alias back at the version it served before.
 * moto ignores RevisionId on UpdateAlias and UpdateFunctionConfiguration (its Lambda backend says
 * so), so the optimistic lock AWS applies is not exercised here; the re-read before it is.
 */
@ExtendWith(Moto.class)
class LambdaAliasFixTest {
  static final String FN = "tradai-signals-dev";

  static GetFunctionConfigurationResponse servedByLive(DemoEnvironment env) {
    String version = env.lambda().getAlias(b -> b.functionName(FN).name("live")).functionVersion();
    return env.lambda().getFunctionConfiguration(b -> b.functionName(FN).qualifier(version));
  }

  static LambdaExecutor executor(DemoEnvironment env) {
    return new LambdaExecutor(env::lambda, Duration.ofMillis(10), Duration.ofSeconds(5));
  }

  @Test
  void memoryFixPublishesAVersionAndMovesTheAlias_rollbackPointsTheAliasBack(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 1024, 30);
      LambdaExecutor lambda = executor(env);
      var before =
          (ResourceState.LambdaFunction) lambda.read(new ResourceRef.LambdaFunction(FN, "live", 0));
      Action fix =
          new Action.RaiseLambdaMemory(
              FN, before.servingAlias(), before.servingVersion(), 1024, 1769);

      Executor.Applied applied = lambda.apply(fix);

      assertThat(applied.detail())
          .isEqualTo("memory is now 1769 MB; alias live now serves version 2 (was 1, published)");
      assertThat(servedByLive(env).memorySize()).isEqualTo(1769);
      assertThat(
              env.lambda()
                  .getFunctionConfiguration(b -> b.functionName(FN).qualifier("1"))
                  .memorySize())
          .isEqualTo(1024);

      assertThat(applied.created()).as("what the fix created, for its audit record").isEqualTo("2");
      assertThat(catchThrowable(() -> lambda.apply(fix.inverse())))
          .as("unbound, the old inverse is refused")
          .isInstanceOf(ChangedSince.class);
      Action rollback =
          ((Restore.Bound.To) Restore.of(fix, Optional.of(applied.created()))).action();

      Executor.Applied rolledBack = lambda.apply(rollback);

      assertThat(rolledBack.detail())
          .isEqualTo("memory is now 1024 MB; alias live now serves version 1 (was 2, restored)");
      assertThat(servedByLive(env).version()).isEqualTo("1");
      assertThat(env.lambda().getFunctionConfiguration(b -> b.functionName(FN)).memorySize())
          .isEqualTo(1024);
    }
  }

  @Test
  void readReportsTheServedVersionsSettingsNotLatests(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 1024, 30);
      env.lambda()
          .updateFunctionConfiguration(b -> b.functionName(FN).memorySize(2048).timeout(90));

      var read =
          (ResourceState.LambdaFunction)
              executor(env).read(new ResourceRef.LambdaFunction(FN, "live", 0));

      assertThat(read.memoryMb()).isEqualTo(1024);
      assertThat(read.timeoutSeconds()).isEqualTo(30);
      assertThat(read.servingAlias()).isEqualTo("live");
      assertThat(read.servingVersion()).isEqualTo("1");
      assertThat(read.latestDiffersFromAlias()).isFalse();
    }
  }

  @Test
  void unpromotedCodeOnLatestIsNeverPublished_nothingChanges(MotoServer moto) {
    try (DemoEnvironment env = new DemoEnvironment(moto.endpoint(), "dev")) {
      env.seedLambda(FN, 1024, 30);
      env.lambda()
          .updateFunctionCode(
              b ->
                  b.functionName(FN)
                      .zipFile(
                          SdkBytes.fromByteArray(
                              DemoEnvironment.zip(
                                  "handler.py", "def handle(event, context):\n    return 2\n"))));
      LambdaExecutor lambda = executor(env);

      var read =
          (ResourceState.LambdaFunction) lambda.read(new ResourceRef.LambdaFunction(FN, "live", 0));
      assertThat(read.latestDiffersFromAlias()).isTrue();
      assertThatThrownBy(() -> lambda.apply(new Action.RaiseLambdaTimeout(FN, "live", "1", 30, 60)))
          .hasMessage(
              "$LATEST of "
                  + FN
                  + " holds code that version 1 does not; publishing it would ship"
                  + " an unpromoted change, so nothing was changed");

      assertThat(servedByLive(env).version()).isEqualTo("1");
      assertThat(env.lambda().listVersionsByFunction(b -> b.functionName(FN)).versions())
          .hasSize(2);
      assertThat(env.lambda().getFunctionConfiguration(b -> b.functionName(FN)).timeout())
          .isEqualTo(30);
    }
  }
}
