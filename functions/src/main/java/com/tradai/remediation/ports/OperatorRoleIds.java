package com.tradai.remediation.ports;

import java.util.Optional;

/** Resolves a role's unique id (AROA…) to its ARN, among the configured operator roles only. */
public interface OperatorRoleIds {
  Optional<String> arnOf(String roleId);
}
