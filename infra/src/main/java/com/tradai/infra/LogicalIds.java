package com.tradai.infra;

import software.amazon.awscdk.CfnElement;
import software.constructs.IConstruct;

/**
 * Stable, readable logical ids for the stack's named resources. A deployed stack keeps a resource
 * only while its logical id stays the same; a changed id replaces it (a new ledger table, a new
 * topic ARN), so these ids never follow the construct tree.
 */
final class LogicalIds {
  private LogicalIds() {}

  /** Gives the construct's CloudFormation resource the logical id {@code logicalId}. */
  static void set(IConstruct construct, String logicalId) {
    ((CfnElement) construct.getNode().getDefaultChild()).overrideLogicalId(logicalId);
  }
}
