package com.tradai.remediation.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.report.Report;

/** One command a person can send as {"command": name, ...}. */
public interface ManualCommand {
  String name();

  /** One line for the list of commands shown when an unknown one arrives. */
  String usage();

  Report run(JsonNode body);

  /**
   * Whether this command only reads. False unless a command says otherwise, so a new command is
   * protected until it declares itself read-only: the operator function runs a command that is not
   * read-only only for an operator role AWS authenticated (see {@code operator.OperatorGate}).
   */
  default boolean readOnly() {
    return false;
  }

  /** Read-only with this body (e.g. diagnose reads unless it says "apply": true). */
  default boolean readOnly(JsonNode body) {
    return readOnly();
  }
}
