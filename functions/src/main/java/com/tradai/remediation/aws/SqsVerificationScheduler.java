package com.tradai.remediation.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.ports.VerificationRequest;
import com.tradai.remediation.ports.VerificationScheduler;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Sends a check to the verification queue with DelaySeconds (SQS allows 0 to 900). */
public final class SqsVerificationScheduler implements VerificationScheduler {
  public static final int MAX_DELAY_SECONDS = 900;

  private final Supplier<SqsClient> sqs;
  private final String queueUrl;
  private final ObjectMapper mapper;

  public SqsVerificationScheduler(Supplier<SqsClient> sqs, String queueUrl, ObjectMapper mapper) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.mapper = mapper;
  }

  @Override
  public void schedule(VerificationRequest request, long delaySeconds) {
    int delay = (int) Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds));
    String body;
    try {
      body = mapper.writeValueAsString(request.toJson(mapper));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("verification request could not be written", e);
    }
    sqs.get().sendMessage(b -> b.queueUrl(queueUrl).delaySeconds(delay).messageBody(body));
  }
}
