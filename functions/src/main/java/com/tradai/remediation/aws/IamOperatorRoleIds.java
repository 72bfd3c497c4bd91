package com.tradai.remediation.aws;

import com.tradai.remediation.ports.OperatorRoleIds;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * iam:GetRole on each configured operator role, once per container: a role id that is not one of
 * theirs resolves to nothing. A role deleted and created again under the same name gets a new id,
 * so an old session of the deleted role never passes for the new one. GetRole goes over IAM's query
 * protocol ({@link AwsQueryCall}): the one IAM call does not justify the SDK's IAM module (1.7 MB
 * of the deployment jar).
 */
public final class IamOperatorRoleIds implements OperatorRoleIds {
  private static final Logger LOG = LoggerFactory.getLogger(IamOperatorRoleIds.class);
  private final Supplier<AwsQueryCall> iam;
  private final List<String> operatorRoleArns;
  private final Map<String, String> arnById = new ConcurrentHashMap<>();

  public IamOperatorRoleIds(Supplier<AwsQueryCall> iam, List<String> operatorRoleArns) {
    this.iam = iam;
    this.operatorRoleArns = List.copyOf(operatorRoleArns);
  }

  @Override
  public Optional<String> arnOf(String roleId) {
    if (!arnById.containsKey(roleId)) {
      // an unknown id may be a role re-created since the last look: read them again
      operatorRoleArns.forEach(this::load);
    }
    return Optional.ofNullable(arnById.get(roleId));
  }

  private void load(String roleArn) {
    String name = roleArn.substring(roleArn.lastIndexOf('/') + 1);
    try {
      Element answer = iam.get().call("GetRole", Map.of("RoleName", name));
      Optional<Element> role =
          AwsQueryCall.child(answer, "GetRoleResult").flatMap(r -> AwsQueryCall.child(r, "Role"));
      Optional<String> id = role.flatMap(r -> AwsQueryCall.text(r, "RoleId"));
      Optional<String> arn = role.flatMap(r -> AwsQueryCall.text(r, "Arn"));
      if (id.isPresent() && arn.isPresent()) {
        arnById.put(id.get(), arn.get());
      } else {
        LOG.warn(
            "operator role {} could not be read: GetRole's answer names no RoleId and Arn",
            roleArn);
      }
    } catch (AwsQueryCall.Failure e) {
      // a configured role that cannot be read approves nothing; the others still resolve
      LOG.warn("operator role {} could not be read: {}", roleArn, e.code());
    }
  }
}
