package com.tradai.remediation.operator;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an identity AWS authenticated is one of the operator roles (pure).
 *
 * <p>STS names a role's session {@code arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION}: the role's
 * path is not in it. So a session matches a configured role {@code
 * arn:aws:iam::ACCOUNT:role/[PATH/]NAME} on partition, account and role name; role names are unique
 * within an account whatever their path, so the path adds nothing a session could contradict. Case
 * is compared exactly. An IAM user, a federated user or a root identity is never an operator role.
 */
public final class OperatorIdentity {
  private static final Pattern SESSION =
      Pattern.compile(
          "^arn:(aws[a-z-]*):sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/[\\w+=,.@-]{2,64}$");
  private static final Pattern ROLE =
      Pattern.compile(
          "^arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})$");

  private OperatorIdentity() {}

  /** The configured role the caller is, or is a session of; empty when it is none of them. */
  public static Optional<String> operatorRole(String callerArn, List<String> operatorRoleArns) {
    if (callerArn == null) {
      return Optional.empty();
    }
    Optional<Role> caller = role(callerArn);
    if (caller.isEmpty()) {
      return Optional.empty();
    }
    return operatorRoleArns.stream()
        .filter(arn -> role(arn).filter(caller.get()::equals).isPresent())
        .findFirst();
  }

  /** Partition, account and role name of a role ARN or of a role session's ARN. */
  private static Optional<Role> role(String arn) {
    for (Pattern p : List.of(SESSION, ROLE)) {
      Matcher m = p.matcher(arn);
      if (m.matches()) {
        return Optional.of(new Role(m.group(1), m.group(2), m.group(3)));
      }
    }
    return Optional.empty();
  }

  private record Role(String partition, String account, String name) {}
}
