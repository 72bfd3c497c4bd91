package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.tradai.remediation.alarm.AlarmIntake;

/** Jackson mappers built once per container: building them is a measurable part of a cold start. */
public final class Json {
  public static final ObjectMapper MAPPER = AlarmIntake.strictMapper();
  public static final ObjectWriter PRETTY =
      MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT);

  private Json() {}
}
