package com.tradai.remediation.testing;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** A Lambda context for tests, with a settable remaining time. */
public record LocalLambdaContext(int remainingMillis) implements Context {
  public LocalLambdaContext() {
    this(300_000);
  }

  public String getAwsRequestId() {
    return "test-request";
  }

  public String getLogGroupName() {
    return "/aws/lambda/test";
  }

  public String getLogStreamName() {
    return "test";
  }

  public String getFunctionName() {
    return "tradai-remediation-dev";
  }

  public String getFunctionVersion() {
    return "1";
  }

  public String getInvokedFunctionArn() {
    return "arn:aws:lambda:eu-west-1:123456789012:function:tradai-remediation-dev";
  }

  public CognitoIdentity getIdentity() {
    return null;
  }

  public ClientContext getClientContext() {
    return null;
  }

  public int getRemainingTimeInMillis() {
    return remainingMillis;
  }

  public int getMemoryLimitInMB() {
    return 1024;
  }

  public LambdaLogger getLogger() {
    return new LambdaLogger() {
      public void log(String message) {
        System.err.print(message);
      }

      public void log(byte[] message) {
        System.err.print(new String(message));
      }
    };
  }
}
