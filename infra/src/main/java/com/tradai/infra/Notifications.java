package com.tradai.infra;

import java.util.List;

/**
 * Who hears from the stack ({@code notifications} in config). Every subscriber gets the whole
 * escalation topic (each message there needs a person) and the results topic's reports whose
 * outcome is in {@code resultOutcomes} (absent: every report; empty: none).
 *
 * @param emails addresses subscribed by email (each confirms the subscription once)
 * @param slack an AWS Chatbot Slack channel; null for none
 * @param resultOutcomes the results topic's filter policy on the {@code outcome} attribute
 */
public record Notifications(List<String> emails, Slack slack, List<String> resultOutcomes) {

  public static final Notifications NONE = new Notifications(List.of(), null, null);

  public Notifications {
    emails = emails == null ? List.of() : List.copyOf(emails);
    resultOutcomes = resultOutcomes == null ? null : List.copyOf(resultOutcomes);
  }

  /**
   * An AWS Chatbot Slack channel (the workspace must be authorized in the Chatbot console once).
   * Chatbot subscribes to the topics itself and takes no filter policy, so it gets the escalation
   * topic, and the whole results topic only when {@code allResults} is true.
   */
  public record Slack(String workspaceId, String channelId, boolean allResults) {}

  /** At least one person is subscribed. */
  public boolean reachesAPerson() {
    return !emails.isEmpty() || slack != null;
  }
}
