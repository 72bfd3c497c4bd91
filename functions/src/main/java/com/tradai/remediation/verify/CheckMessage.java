package com.tradai.remediation.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tradai.remediation.ports.VerificationRequest;
import java.time.Duration;
import java.time.Instant;

/**
 * The forms a check reaches the verifier in, read into one {@link VerificationRequest}:
 *
 * <ul>
 *   <li>a fix's report (the results topic's raw delivery to the verification queue, filtered on
 *       {@code verification = SCHEDULED}): the check is its {@code verification.request};
 *   <li>the same report inside an SNS envelope ({@code Type: Notification}, {@code Message}), as a
 *       subscription without raw delivery gets it;
 *   <li>the check itself, as the verifier sends it to check an improving fix once more.
 * </ul>
 *
 * @param fromReport true when the check came in a report: its queue delay is the stack's, which may
 *     be shorter than the check asks for (see {@link #early})
 */
public record CheckMessage(VerificationRequest request, boolean fromReport) {

  public static CheckMessage read(JsonNode body, ObjectMapper mapper) {
    JsonNode n = body;
    if ("Notification".equals(n.path("Type").asText()) && n.path("Message").isTextual()) {
      try {
        n = mapper.readTree(n.get("Message").asText());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Message of the SNS notification is not JSON");
      }
    }
    if (n.has("schemaVersion")) {
      JsonNode request = n.path("verification").path("request");
      if (!request.isObject()) {
        throw new IllegalArgumentException(
            "verification.request is missing: the report ("
                + n.path("outcome").asText("no outcome")
                + ") schedules no check");
      }
      return new CheckMessage(VerificationRequest.fromJson(request, mapper), true);
    }
    return new CheckMessage(VerificationRequest.fromJson(n, mapper), false);
  }

  /**
   * How long before its {@code checkAt} a report-borne check arrived, in whole seconds (zero when
   * due): the queue's delay is set at deploy time from the policy file, so a check asking for a
   * longer delay arrives early and is sent again for the remainder.
   */
  public long early(Instant now) {
    return fromReport ? Math.max(0, Duration.between(now, request.checkAt()).toSeconds()) : 0;
  }
}
