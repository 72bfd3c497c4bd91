package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.CallCounter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrimingTest {

  @Test
  void primingRunsThePurePathAndMakesNoAwsCall() {
    // An endpoint nothing listens on: any AWS call would be counted, and would fail.
    Config config = Config.from(Map.of("TRADAI_ENV", "dev", "AWS_REGION", "eu-west-1",
        "AWS_ACCESS_KEY_ID", "x", "AWS_SECRET_ACCESS_KEY", "y", "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
        "AWS_MAX_ATTEMPTS", "1"));
    CallCounter calls = new CallCounter();
    RemediationHandler handler = new RemediationHandler(config, new AwsClients(config, List.of(calls)),
        Clock.systemUTC());

    String rendered = handler.priming().prime();

    assertThat(calls.total()).isZero();
    assertThat(rendered).contains("Cause       Load spike").contains("\"outcome\":\"DRY_RUN\"");
  }
}
