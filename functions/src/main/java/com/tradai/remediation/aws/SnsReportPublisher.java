package com.tradai.remediation.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.tradai.remediation.ports.ReportPublisher;
import com.tradai.remediation.report.ChatbotReport;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.TextReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes with MessageStructure=json, one rendering per subscriber protocol: email gets the text,
 * https (the AWS Chatbot endpoint) the custom notification, everyone else (SQS, Lambda, HTTP,
 * email-json) the "default" entry, the JSON report. Attributes env, runbook, severity and outcome
 * let subscribers filter without parsing the body; verification (its status, when the report has
 * one) is what the verification queue's subscription filters on: SCHEDULED only on a fix's report.
 */
public final class SnsReportPublisher implements ReportPublisher {
  private final Supplier<SnsClient> sns;
  private final String topicArn;
  private final ObjectWriter writer;
  private final java.util.Optional<String> chatCommandQueue;

  public SnsReportPublisher(Supplier<SnsClient> sns, String topicArn, ObjectMapper mapper) {
    this(sns, topicArn, mapper, java.util.Optional.empty());
  }

  /**
   * @param chatCommandQueue the operator command queue the chat rendering's buttons send to
   */
  public SnsReportPublisher(
      Supplier<SnsClient> sns,
      String topicArn,
      ObjectMapper mapper,
      java.util.Optional<String> chatCommandQueue) {
    this.sns = sns;
    this.topicArn = topicArn;
    this.writer = mapper.writer();
    this.chatCommandQueue = chatCommandQueue;
  }

  @Override
  public void publish(Report report) {
    sns.get().publish(request(report));
  }

  /** The request as sent; pure, so the per-protocol bodies can be checked without a network. */
  public PublishRequest request(Report report) {
    String json = write(report);
    Map<String, String> body = new LinkedHashMap<>();
    // SNS gives every protocol without its own entry the "default" one: SQS, Lambda, HTTP and
    // email-json get the JSON without it being repeated (the message must stay under 256 KB).
    body.put("default", json);
    body.put("email", TextReport.subject(report) + "\n\n" + TextReport.body(report));
    body.put("https", write(ChatbotReport.render(report, chatCommandQueue)));
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put("env", attr(report.environment()));
    attributes.put("runbook", attr(report.runbook() == null ? "none" : report.runbook()));
    attributes.put("severity", attr(report.severity().attribute()));
    attributes.put("outcome", attr(report.outcome().name()));
    if (report.verification() != null) {
      // the verification queue's subscription filters on verification = SCHEDULED
      attributes.put("verification", attr(report.verification().status().name()));
    }
    return PublishRequest.builder()
        .topicArn(topicArn)
        .subject(TextReport.subject(report))
        .messageStructure("json")
        .message(write(body))
        .messageAttributes(attributes)
        .build();
  }

  private String write(Object value) {
    try {
      return writer.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("report could not be written as JSON", e);
    }
  }

  private static MessageAttributeValue attr(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
