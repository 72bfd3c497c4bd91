package com.tradai.remediation.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.testing.Resources;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verifier's and the health check's events read with aws-lambda-java-events' classes through
 * the serializer the Lambda Java runtime uses, and the verifier's answer read back the way Lambda
 * reads a partial batch response. No AWS is involved: a verifier whose start is refused fails every
 * check of its batch without touching anything, which is exactly the answer under test.
 */
class LambdaEventsTest {
  /** A verifier with no configuration: its start is refused, so every check is a batch failure. */
  private static final VerifierHandler REFUSED = new VerifierHandler(Map.of());

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void theSampleSqsEventReadsAsTheRuntimeReadsItWithItsWireNames() {
    SQSEvent event =
        LambdaEvents.read(
            LambdaEvents.reader(SQSEvent.class),
            Resources.bytes("/events/sqs-verification-check.json"));

    SQSEvent.SQSMessage message = event.getRecords().getFirst();
    assertThat(event.getRecords()).hasSize(1);
    assertThat(message.getMessageId()).isEqualTo("4e0d5c1e-2f5b-4f7e-9a51-1c0c8f3b2a10");
    // "eventSourceARN" on the wire: the runtime's mixin, not a plain bean name
    assertThat(message.getEventSourceArn())
        .isEqualTo("arn:aws:sqs:eu-west-1:123456789012:tradai-dev-verification");
    assertThat(message.getAttributes()).containsEntry("ApproximateReceiveCount", "1");
    assertThat(message.getBody()).startsWith("{\"kind\":\"tradai-verification\"");
  }

  @Test
  void everyMessageOfARefusedBatchIsAPartialBatchFailureThatLambdaReadsBackByMessageId()
      throws Exception {
    JsonNode out =
        REFUSED.handle(
            utf8(
                "{\"Records\":["
                    + "{\"messageId\":\"m-1\",\"body\":\"{}\",\"eventSource\":\"aws:sqs\"},"
                    + "{\"messageId\":\"m-2\",\"body\":\"not json\",\"eventSource\":\"aws:sqs\"}]}"));

    assertThat(out.fieldNames()).toIterable().containsExactly("batchItemFailures", "reports");
    assertThat(out.path("batchItemFailures").toString())
        .isEqualTo("[{\"itemIdentifier\":\"m-1\"},{\"itemIdentifier\":\"m-2\"}]");
    assertThat(out.path("reports").path(0).path("outcome").asText()).isEqualTo("FAILED");

    // What Lambda's event source mapping reads: the answer as an SQSBatchResponse
    SQSBatchResponse batch =
        LambdaEvents.reader(SQSBatchResponse.class)
            .fromJson(new ByteArrayInputStream(utf8(out.toString())));
    assertThat(batch.getBatchItemFailures())
        .extracting(BatchItemFailure::getItemIdentifier)
        .containsExactly("m-1", "m-2");
  }

  @Test
  void anSqsEventIsTheSameAnswerWhetherItArrivesAsBytesOrAsTheLibrarysEvent() throws Exception {
    byte[] raw = Resources.bytes("/events/sqs-verification-check.json");
    VerifierHandler.Answer fromEvent =
        REFUSED.handle(LambdaEvents.read(LambdaEvents.reader(SQSEvent.class), raw));

    assertThat(fromEvent.batch().getBatchItemFailures())
        .extracting(BatchItemFailure::getItemIdentifier)
        .containsExactly("4e0d5c1e-2f5b-4f7e-9a51-1c0c8f3b2a10");
    assertThat(Json.MAPPER.valueToTree(fromEvent).path("batchItemFailures"))
        .isEqualTo(REFUSED.handle(raw).path("batchItemFailures"));
  }

  @Test
  void anSqsEventWithADuplicateKeyIsRefusedBeforeAnyCheckRuns() {
    assertThatThrownBy(
            () ->
                REFUSED.handle(
                    utf8(
                        "{\"Records\":[{\"messageId\":\"m-1\",\"messageId\":\"m-2\","
                            + "\"body\":\"{}\"}]}")))
        .isInstanceOf(JsonParseException.class)
        .hasMessageContaining("Duplicate field 'messageId'");
  }

  @Test
  void aDirectlyInvokedCheckIsNotAnSqsMessageAndIsNotRetried() throws Exception {
    JsonNode out = REFUSED.handle(utf8("{\"kind\":\"tradai-verification\"}"));

    assertThat(out.path("batchItemFailures").toString()).isEqualTo("[]");
    assertThat(out.path("reports").path(0).path("outcome").asText()).isEqualTo("FAILED");
  }

  @Test
  void theScheduledEventNamesTheRunByIdTimeAndRule() {
    assertThat(HealthCheckHandler.describe(Resources.bytes("/events/scheduled-health-check.json")))
        .isEqualTo(
            "scheduled event 89d1a02d-5ec7-412e-82f5-13505f849b41 of 2026-11-27T10:15:00Z from "
                + "[arn:aws:events:eu-west-1:123456789012:rule/tradai-dev-quick-health-check]");
  }

  @Test
  void anyOtherHealthCheckInputRunsTheSameCheckAndIsNamedAsSuch() {
    assertThat(HealthCheckHandler.describe(utf8("{}")))
        .isEqualTo("an input that is not a scheduled event (2 bytes)");
    assertThat(HealthCheckHandler.describe(utf8("")))
        .isEqualTo("an input that is not a scheduled event (0 bytes)");
    assertThat(HealthCheckHandler.describe(utf8("{\"command\":\"health-check\"}")))
        .isEqualTo("an input that is not a scheduled event (26 bytes)");
  }

  @Test
  void aHealthCheckThatCannotStartStillReadsItsEventAndAnswersWithItsReport() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new HealthCheckHandler(Map.of())
        .handleRequest(
            new ByteArrayInputStream(Resources.bytes("/events/scheduled-health-check.json")),
            out,
            null);

    assertThat(Json.MAPPER.readTree(out.toByteArray()).path("outcome").asText())
        .isEqualTo("FAILED");
  }
}
