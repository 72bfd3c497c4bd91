package com.tradai.remediation.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.remediation.alarm.Rejection;
import com.tradai.remediation.core.LogSafe;
import com.tradai.remediation.ports.OperatorRoleIds;
import com.tradai.remediation.report.ChatCommandToken;
import com.tradai.remediation.report.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat button's click, as the operator function receives it: an SQS event from the operator
 * command queue, one message per click. The queue's policy already refuses SendMessage to every
 * principal but the operator roles; this checks again what AWS says about the sender, so a policy
 * edited by hand still lets no one else act. For each message: the {@code SenderId} attribute (set
 * by SQS, not by the sender) must be a role session whose role id resolves (IAM) to one of {@code
 * OPERATOR_ROLE_ARNS} (and the record's receipt handle must be one SQS holds in flight for the
 * queue, or its SenderId would be whatever the invoker wrote); the body must be a {@link
 * ChatCommandToken}; then the operator function's own command runs with {@code by} =
 * "session@role". Anything else changes nothing: the message is answered REJECTED and logged, and
 * not retried (retrying would not change who sent it).
 */
public final class ChatCommandIntake {
  private static final Logger LOG = LoggerFactory.getLogger(ChatCommandIntake.class);

  private final OperatorRoleIds roles;
  private final List<String> operatorRoleArns;
  private final String queueArnSuffix;
  private final Function<byte[], Report> operator;
  private final Predicate<String> inFlight;
  private final String environment;
  private final Clock clock;

  /**
   * @param queueName the command queue's name: records from any other queue are refused
   * @param operator runs one operator command (the operator function's commands; it publishes)
   * @param inFlight whether SQS holds a receipt handle as one of the queue's messages in flight
   *     ({@code aws/SqsInFlightMessages}): a record anyone could write into an Invoke is not a
   *     click
   */
  public ChatCommandIntake(
      OperatorRoleIds roles,
      List<String> operatorRoleArns,
      String queueName,
      Function<byte[], Report> operator,
      Predicate<String> inFlight,
      String environment,
      Clock clock) {
    this.roles = roles;
    this.operatorRoleArns = List.copyOf(operatorRoleArns);
    this.queueArnSuffix = ":" + queueName;
    this.operator = operator;
    this.inFlight = inFlight;
    this.environment = environment;
    this.clock = clock;
  }

  /** An SQS event (Records[].eventSource = aws:sqs), which only the command queue delivers here. */
  public static boolean isQueueEvent(byte[] input) {
    try {
      JsonNode records = Json.MAPPER.readTree(input).path("Records");
      return records.isArray()
          && !records.isEmpty()
          && "aws:sqs".equals(records.get(0).path("eventSource").asText());
    } catch (IOException e) {
      return false;
    }
  }

  /** Each record in turn (the event source sends one); the last record's report. */
  public Report handle(byte[] input) {
    Report last = null;
    try {
      for (JsonNode record : Json.MAPPER.readTree(input).path("Records")) {
        last = one(record);
      }
    } catch (IOException e) {
      return rejected(Rejection.Code.INVALID_JSON, "the queue event is not JSON");
    }
    return last == null
        ? rejected(Rejection.Code.MISSING_FIELD, "the queue event has no Records")
        : last;
  }

  private Report one(JsonNode record) {
    String source = record.path("eventSourceARN").asText("");
    if (!source.endsWith(queueArnSuffix)) {
      return refused(
          Rejection.Code.INVALID_FIELD,
          "eventSourceARN " + source + " is not the operator command queue");
    }
    // Checked first, so that SenderId is SQS's word: the record must be a message SQS delivered.
    if (!inFlight.test(record.path("receiptHandle").asText(null))) {
      return refused(
          Rejection.Code.NOT_AN_OPERATOR,
          "the record's receiptHandle is not a message"
              + " of the operator command queue in flight (SQS refused it): not a click; nothing was changed");
    }
    String senderId = record.path("attributes").path("SenderId").asText(null);
    Optional<ChatOperators.RoleSession> session = ChatOperators.roleSession(senderId);
    Optional<String> roleArn = session.flatMap(s -> roles.arnOf(s.roleId()));
    if (roleArn.isEmpty() || !ChatOperators.isOperatorRole(roleArn.get(), operatorRoleArns)) {
      return refused(
          Rejection.Code.NOT_AN_OPERATOR,
          "the click's sender "
              + senderId
              + (session.isEmpty()
                  ? " is not a role session"
                  : " is not a session of an operator role")
              + " ("
              + String.join(", ", operatorRoleArns)
              + "); nothing was changed");
    }
    Optional<ChatCommandToken> token = ChatCommandToken.parse(record.path("body").asText(null));
    if (token.isEmpty()) {
      return refused(
          Rejection.Code.INVALID_FIELD,
          "the message body is not one of " + ChatCommandToken.usage() + "; nothing was changed");
    }
    String by = ChatOperators.by(roleArn.get(), session.get().session());
    LOG.info(
        "chat command {} by {} ({} session {})",
        token.get().verb(),
        by,
        roleArn.get(),
        LogSafe.clean(session.get().session()));
    return operator.apply(token.get().command(by).toString().getBytes(StandardCharsets.UTF_8));
  }

  private Report refused(Rejection.Code code, String message) {
    Report r = rejected(code, message);
    // an error line: a click that got past the queue's policy without being an operator's is news
    LOG.error("chat command refused: {}", r.rejection().message());
    return r;
  }

  private Report rejected(Rejection.Code code, String message) {
    Rejection r = Rejection.of(code, message);
    return Report.rejected(environment, r, clock.instant().toString());
  }
}
