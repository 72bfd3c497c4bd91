package com.tradai.remediation.alarm;

/**
 * Why an input was refused. {@code code} is stable for machines; {@code message} names the field
 * and what was wrong for people.
 */
public record Rejection(Code code, String message) {

  public enum Code {
    TOO_LARGE,
    INVALID_JSON,
    UNKNOWN_SHAPE,
    MISSING_FIELD,
    INVALID_FIELD,
    MISSING_DIMENSIONS,
    UNKNOWN_ENVIRONMENT,
    WRONG_ENVIRONMENT,
    FOREIGN_ALARM,
    NO_RUNBOOK,
    UNKNOWN_COMMAND,
    /** A manual command sent to the alarm function, or an alarm sent to the operator function. */
    WRONG_ENTRY_POINT,
    /** A command that changes things, from an identity AWS did not authenticate as an operator role. */
    NOT_AN_OPERATOR
  }

  public static Rejection of(Code code, String message) {
    return new Rejection(code, LogSafe.clean(message));
  }
}
