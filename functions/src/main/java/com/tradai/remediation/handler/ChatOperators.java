package com.tradai.remediation.handler;

import java.util.List;
import java.util.Optional;

/**
 * Who clicked, as AWS told it: SQS sets each message's {@code SenderId} attribute to the sender's
 * unique id, {@code AROA…:session} for a role session (a Chatbot user role's click). Pure: the
 * shell resolves the role id to its ARN with IAM; these functions decide.
 *
 * <p>{@link #isOperatorRole} is the same rule the operator function applies to a signed request's
 * caller: a role session counts as its role, matched by account and role name.
 */
final class ChatOperators {
  private ChatOperators() {}

  /** A role session's sender id split into its role id and session name. */
  record RoleSession(String roleId, String session) {}

  /**
   * The role session behind a SenderId; empty for an IAM user (AIDA…), a root or a malformed id.
   */
  static Optional<RoleSession> roleSession(String senderId) {
    if (senderId == null) {
      return Optional.empty();
    }
    int colon = senderId.indexOf(':');
    if (colon <= 0 || !senderId.startsWith("AROA")) {
      return Optional.empty();
    }
    String roleId = senderId.substring(0, colon);
    String session = senderId.substring(colon + 1);
    return roleId.matches("AROA[A-Z0-9]{8,124}") && !session.isEmpty()
        ? Optional.of(new RoleSession(roleId, session))
        : Optional.empty();
  }

  /**
   * The resolved role is one of the operator roles: same account and role name (a role's path is
   * not part of what a session ARN says, so it is not compared).
   */
  static boolean isOperatorRole(String roleArn, List<String> operatorRoleArns) {
    return accountAndName(roleArn)
        .map(
            mine ->
                operatorRoleArns.stream()
                    .map(ChatOperators::accountAndName)
                    .flatMap(Optional::stream)
                    .anyMatch(mine::equals))
        .orElse(false);
  }

  /** "session@role-name" in the ledger's "by" alphabet (letters, digits, @._+-), at most 64. */
  static String by(String roleArn, String session) {
    String name = accountAndName(roleArn).map(a -> a.substring(a.indexOf('/') + 1)).orElse("role");
    String who = (session + "@" + name).replaceAll("[^A-Za-z0-9@._+-]", "_");
    return who.length() > 64 ? who.substring(0, 64) : who;
  }

  /** "123456789012/role-name" of an IAM role ARN, path dropped; empty for anything else. */
  private static Optional<String> accountAndName(String arn) {
    if (arn == null) {
      return Optional.empty();
    }
    String[] p = arn.split(":", 6);
    if (p.length != 6
        || !"iam".equals(p[2])
        || !p[4].matches("\\d{12}")
        || !p[5].startsWith("role/")) {
      return Optional.empty();
    }
    String path = p[5].substring("role/".length());
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? Optional.empty() : Optional.of(p[4] + "/" + name);
  }
}
