package com.tradai.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The functions' bundled guardrail policy file (see {@link EnvConfig#policyJson}), read for what
 * the stack takes from it: whether the functions run dry, the cap on task memory that IAM enforces,
 * who may modify the RDS instance ({@link RdsChangeRights}), and how long the verification queue
 * holds a fix's report. The file is the authority: the run-time policy override may only tighten
 * it. Pure.
 */
final class PolicyFile {
  /** SQS's largest delivery delay, in seconds. */
  static final int MAX_SQS_DELAY_SECONDS = 900;

  /** Fargate's largest task (16 vCPU): the cap on task memory when the policy names none. */
  static final int FARGATE_MAX_MB = 122880;

  private final JsonNode json;

  private PolicyFile(JsonNode json) {
    this.json = json;
  }

  static PolicyFile parse(String policyJson) {
    try {
      return new PolicyFile(new ObjectMapper().readTree(policyJson));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parsed file, for the rules that read it themselves ({@link RdsChangeRights}). */
  JsonNode json() {
    return json;
  }

  /** {@code dryRun}; a policy that does not say acts on nothing. */
  boolean dryRun() {
    return json.path("dryRun").asBoolean(true);
  }

  /** The policy's cap on task memory (limits.ecs-task-memory.max), else Fargate's largest. */
  int taskMemoryMax() {
    JsonNode max = json.at("/limits/ecs-task-memory/max");
    return max.canConvertToInt() ? max.asInt() : FARGATE_MAX_MB;
  }

  /**
   * The policy's verification delaySeconds: the verification queue holds each fix's report that
   * long. SQS allows 0 to 900 s; the functions' PolicyLoader refuses anything else, and so does
   * this.
   */
  int verificationDelaySeconds() {
    JsonNode delay = json.at("/verification/delaySeconds");
    if (!delay.canConvertToInt() || delay.asInt() < 0 || delay.asInt() > MAX_SQS_DELAY_SECONDS) {
      throw new IllegalArgumentException(
          "verification.delaySeconds must be a whole number from 0 to 900 (an SQS delay), got "
              + delay);
    }
    return delay.asInt();
  }
}
