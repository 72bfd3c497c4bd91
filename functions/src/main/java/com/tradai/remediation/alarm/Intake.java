package com.tradai.remediation.alarm;

import com.fasterxml.jackson.databind.JsonNode;

/** What the intake made of one raw input. */
public sealed interface Intake {

  record Accepted(Alarm alarm) implements Intake {}

  /** A request typed by a person (CLI or sam local invoke): {"command": "...", ...}. */
  record Manual(String command, JsonNode body) implements Intake {}

  record Rejected(Rejection rejection) implements Intake {}
}
