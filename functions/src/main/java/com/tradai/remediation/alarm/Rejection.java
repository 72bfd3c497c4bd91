package com.tradai.remediation.alarm;

import com.tradai.remediation.core.LogSafe;

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
    /** CloudWatch has no alarm of the delivery's name. */
    UNKNOWN_ALARM,
    /**
     * The delivery's metric, dimensions, statistic, period or threshold differ from CloudWatch's.
     */
    ALARM_MISMATCH,
    /**
     * CloudWatch shows the alarm neither in ALARM nor gone to ALARM within the maximum event age.
     */
    NOT_IN_ALARM,
    UNKNOWN_COMMAND,
    /** A manual command sent to the alarm function, or an alarm sent to the operator function. */
    WRONG_ENTRY_POINT,
    /** A command that changes things, without an operator role's identity AWS authenticated. */
    NOT_AN_OPERATOR
  }

  public static Rejection of(Code code, String message) {
    return new Rejection(code, LogSafe.clean(message));
  }
}
