package com.tradai.remediation.cli;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The Lambda context of a local run or a test: a fresh request id and a time budget (Lambda's
 * 15-minute maximum unless told otherwise).
 */
public final class LocalContext implements Context {
  private final String function;
  private final String requestId = UUID.randomUUID().toString();
  private final long deadline;

  public LocalContext(String function) {
    this(function, 15 * 60 * 1000);
  }

  public LocalContext(String function, int remainingMillis) {
    this.function = function;
    this.deadline = System.currentTimeMillis() + remainingMillis;
  }

  public String getAwsRequestId() {
    return requestId;
  }

  public String getLogGroupName() {
    return "/aws/lambda/" + function;
  }

  public String getLogStreamName() {
    return "local";
  }

  public String getFunctionName() {
    return function;
  }

  public String getFunctionVersion() {
    return "$LATEST";
  }

  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:local:000000000000:function:" + function;
  }

  public CognitoIdentity getIdentity() {
    return null;
  }

  public ClientContext getClientContext() {
    return null;
  }

  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, deadline - System.currentTimeMillis());
  }

  public int getMemoryLimitInMB() {
    return 512;
  }

  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      public void log(String message) {
        System.err.print(message);
      }

      public void log(byte[] message) {
        System.err.print(new String(message, StandardCharsets.UTF_8));
      }
    };
  }
}
