package com.tradai.remediation.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.List;

/**
 * The checked-in report.schema.json (draft 2020-12), validated with networknt
 * json-schema-validator.
 */
public final class ReportSchema {
  private static final JsonSchema SCHEMA = load();

  private ReportSchema() {}

  private static JsonSchema load() {
    try (InputStream in = ReportSchema.class.getResourceAsStream("/report.schema.json")) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every violation, as "path: message"; empty when the report is valid. */
  public static List<String> violations(JsonNode report) {
    return SCHEMA.validate(report).stream().map(ValidationMessage::getMessage).sorted().toList();
  }
}
