package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.report.Report;

/** One command a person can send as {"command": name, ...}. */
public interface ManualCommand {
  String name();

  /** One line for the list of commands shown when an unknown one arrives. */
  String usage();

  Report run(JsonNode body);
}
