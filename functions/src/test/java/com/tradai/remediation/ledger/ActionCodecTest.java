package com.tradai.remediation.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.handler.Json;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Audit records keep actions as JSON; a rollback reads them back and inverts them. */
class ActionCodecTest {
  private final ActionCodec codec = new ActionCodec(Json.MAPPER);

  static Stream<Action> everyKind() {
    return Stream.of(
        new Action.ScaleEcsService("tradai-dev", "tradai-backend-dev", 2, 3),
        new Action.RaiseEcsTaskMemory(
            "tradai-dev",
            "tradai-backend-dev",
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/tradai-backend-dev:1",
            512,
            1024,
            2048),
        new Action.RaiseLambdaMemory("tradai-api-dev", 512, 1024),
        new Action.RaiseLambdaTimeout("tradai-api-dev", 30, 60),
        new Action.SetProvisionedConcurrency("tradai-api-dev", "live", 0, 5),
        new Action.ChangeRdsInstanceClass("tradai-dev", "db.t4g.micro", "db.t4g.small", 0, 1),
        new Action.RaiseDynamoDbCapacity("tradai-dev-workflow-state", "read", 100, 150),
        new Action.NotifyOnly("Database slow", "Check slow queries"));
  }

  @Test
  void theSamplesCoverEverySealedKind() {
    assertThat(everyKind().map(Object::getClass))
        .containsExactlyInAnyOrderElementsOf(Arrays.asList(Action.class.getPermittedSubclasses()));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void roundTripsAndInvertsAfterReading(Action action) {
    String json = codec.write(action);
    assertThat(json).contains("\"type\":\"" + action.getClass().getSimpleName() + "\"");
    assertThat(codec.read(json)).isEqualTo(action);
    assertThat(codec.read(json).inverse()).isEqualTo(action.inverse());
  }

  @Test
  void anUnknownTypeIsRefused() {
    assertThatThrownBy(() -> codec.read("{\"type\":\"Reboot\",\"target\":\"x\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown action type \"Reboot\"");
  }
}
