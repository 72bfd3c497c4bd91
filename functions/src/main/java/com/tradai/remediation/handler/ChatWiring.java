package com.tradai.remediation.handler;

import com.tradai.remediation.aws.AwsClients;
import com.tradai.remediation.aws.IamOperatorRoleIds;
import com.tradai.remediation.aws.SqsInFlightMessages;
import com.tradai.remediation.aws.SsmKillSwitch;
import com.tradai.remediation.config.Config;
import java.time.Clock;
import java.util.Optional;

/** The operator function's chat path, wired only when the stack gave it a command queue. */
final class ChatWiring {
  /** A click stays hidden this long while its command runs (the function's timeout is shorter). */
  private static final int IN_FLIGHT_SECONDS = 300;

  private ChatWiring() {}

  static Optional<ChatCommandIntake> intake(
      Config config, AwsClients aws, Clock clock, Remediator remediator) {
    return config
        .chatCommandQueueUrl()
        .map(
            url -> {
              remediator.register(
                  new KillSwitchEngage(
                      config.killSwitchParameter(),
                      new SsmKillSwitch(aws::ssm),
                      config.environment(),
                      clock));
              return new ChatCommandIntake(
                  new IamOperatorRoleIds(aws::iam, config.operatorRoleArns()),
                  config.operatorRoleArns(),
                  url.substring(url.lastIndexOf('/') + 1),
                  remediator::handle,
                  new SqsInFlightMessages(aws::sqs, url, IN_FLIGHT_SECONDS)::confirm,
                  config.environment(),
                  clock);
            });
  }
}
