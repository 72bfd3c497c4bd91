package com.tradai.remediation.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.tradai.remediation.report.Report;
import com.tradai.remediation.report.ReportPublisher;
import com.tradai.remediation.report.TextReport;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes with MessageStructure=json: email subscribers get the text, everyone else (SQS,
 * Lambda, HTTP) the JSON report. Attributes let subscribers filter without parsing the body.
 */
public final class SnsReportPublisher implements ReportPublisher {
  private final java.util.function.Supplier<SnsClient> sns;
  private final String topicArn;
  private final ObjectWriter writer;

  public SnsReportPublisher(java.util.function.Supplier<SnsClient> sns, String topicArn, ObjectMapper mapper) {
    this.sns = sns;
    this.topicArn = topicArn;
    this.writer = mapper.writer();
  }

  @Override
  public void publish(Report report) {
    String json = write(report);
    Map<String, String> body = new LinkedHashMap<>();
    body.put("default", json);
    body.put("email", TextReport.subject(report) + "\n\n" + TextReport.body(report));
    body.put("email-json", json);
    sns.get().publish(b -> b.topicArn(topicArn)
        .subject(TextReport.subject(report))
        .messageStructure("json")
        .message(write(body))
        .messageAttributes(Map.of(
            "env", attr(report.environment()),
            "runbook", attr(report.runbook() == null ? "none" : report.runbook()),
            "outcome", attr(report.outcome().name()))));
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
