package com.tradai.remediation.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.ChangedSince;
import com.tradai.remediation.testing.ScriptedHttp;
import com.tradai.remediation.testing.ScriptedHttp.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Lambda's optimistic lock, at the SDK boundary: moto ignores RevisionId, so a scripted Lambda REST
 * API answers here. The update carries the RevisionId the executor just read; when Lambda refuses
 * it (412 PreconditionFailedException: someone changed the function in between), the change is
 * REFUSED (ChangedSince), not FAILED.
 */
class LambdaRevisionIdTest {
  static final String FN = SdkBoundaryTest.FN;

  @Test
  void anUpdateCarriesTheRevisionIdJustReadAndARefusedOneIsChangedSince() {
    String cfg = "/2015-03-31/functions/" + FN + "/configuration";
    try (ScriptedHttp server =
            new ScriptedHttp(
                r -> {
                  if (r.path().equals(cfg) && r.method().equals("GET")) {
                    return Response.json(
                        200,
                        "{\"FunctionName\":\""
                            + FN
                            + "\",\"MemorySize\":512,\"Timeout\":30,"
                            + "\"LastUpdateStatus\":\"Successful\",\"RevisionId\":\"rev-1\"}");
                  }
                  return new Response(
                      412,
                      "application/json",
                      ("{\"Type\":\"User\",\"message\":\"The Revision Id"
                              + " provided does not match the latest Revision Id.\"}")
                          .getBytes(StandardCharsets.UTF_8),
                      0,
                      Map.of("x-amzn-ErrorType", "PreconditionFailedException"));
                });
        AwsClients aws = SdkBoundaryTest.clients(server)) {
      LambdaExecutor lambda =
          new LambdaExecutor(aws::lambda, Duration.ofMillis(10), Duration.ofSeconds(5));

      assertThatThrownBy(() -> lambda.apply(new Action.RaiseLambdaTimeout(FN, 30, 60)))
          .isInstanceOf(ChangedSince.class)
          .hasMessage(
              FN
                  + " changed while it was being updated (Lambda refused its RevisionId); nothing was"
                  + " changed, a person decides");
      ScriptedHttp.Request put =
          server.requests().stream()
              .filter(r -> r.method().equals("PUT"))
              .findFirst()
              .orElseThrow();
      assertThat(SdkBoundaryTest.body(put).path("RevisionId").asText()).isEqualTo("rev-1");
      assertThat(SdkBoundaryTest.body(put).path("Timeout").asInt()).isEqualTo(60);
    }
  }
}
