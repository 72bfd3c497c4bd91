package com.tradai.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.infra.IamAllowList.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which roles may call rds:ModifyDBInstance in an environment, from its guardrail policy file. The
 * call can do far more than the fix (a master password reset, a public endpoint), so only a role
 * that may apply an RDS change gets it. Where the policy needs a person's approval for every RDS
 * change ({@code guards.approval.always} holds every RDS kind), an alarm never applies one: only
 * the operator function does, when an operator approves or rolls back. Pure.
 *
 * <p>The file is the authority: the run-time policy override may only tighten it (it can add an
 * approval, never remove one), so it can never let the alarm function need the call.
 */
final class RdsChangeRights {
  /** The action kinds the RDS executor applies (core Action's ChangeRdsInstanceClass). */
  static final List<String> RDS_KINDS = List.of("rds-instance-class");

  private RdsChangeRights() {}

  static Set<Role> roles(JsonNode policy) {
    return everyRdsChangeNeedsApproval(policy) ? EnumSet.of(Role.OPERATOR) : Role.FIXING;
  }

  static boolean everyRdsChangeNeedsApproval(JsonNode policy) {
    List<String> always = new java.util.ArrayList<>();
    policy.at("/guards/approval/always").forEach(k -> always.add(k.asText()));
    return always.containsAll(RDS_KINDS);
  }
}
