package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tradai.infra.RemediationStack.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege, checked on the synthesized templates against {@link IamAllowList}: each role
 * holds exactly its allow-listed actions, no action is a wildcard, Resource "*" appears only for
 * actions whose API accepts nothing else, and every other resource names this environment.
 */
class IamAllowListTest {

  private static final Synth SYNTH = Synth.get();

  static Stream<Arguments> rolesPerEnvironment() {
    return EnvConfig.ENVIRONMENTS.stream()
        .flatMap(env -> Stream.of(Handler.values()).map(h -> Arguments.of(env, h)));
  }

  /** Every Allow statement attached to the function's role. */
  private static List<JsonNode> statements(String env, Handler h) {
    List<JsonNode> found = new ArrayList<>();
    SYNTH
        .resources(env, "AWS::IAM::Policy")
        .values()
        .forEach(
            policy -> {
              JsonNode roles = policy.at("/Properties/Roles");
              if (roles.toString().contains("\"" + h.logicalId + "Role\"")) {
                policy.at("/Properties/PolicyDocument/Statement").forEach(found::add);
              }
            });
    return found;
  }

  private static List<String> actions(JsonNode statement) {
    List<String> actions = new ArrayList<>();
    JsonNode action = statement.get("Action");
    if (action.isArray()) {
      action.forEach(a -> actions.add(a.asText()));
    } else {
      actions.add(action.asText());
    }
    return actions;
  }

  private static List<JsonNode> resources(JsonNode statement) {
    List<JsonNode> resources = new ArrayList<>();
    JsonNode resource = statement.get("Resource");
    if (resource.isArray()) {
      resource.forEach(resources::add);
    } else {
      resources.add(resource);
    }
    return resources;
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void roleHoldsExactlyItsAllowListedActions(String env, Handler h) {
    Set<String> granted = new TreeSet<>();
    statements(env, h)
        .forEach(
            s -> {
              assertThat(s.get("Effect").asText()).isEqualTo("Allow");
              granted.addAll(actions(s));
            });
    assertThat(granted).isEqualTo(IamAllowList.actionsFor(h.role));
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void noWildcardActionsAndResourceStarOnlyWhereTheApiAcceptsNothingElse(String env, Handler h) {
    Set<String> wildcardOk = IamAllowList.wildcardActions();
    for (JsonNode s : statements(env, h)) {
      assertThat(actions(s)).noneMatch(a -> a.contains("*"));
      if (resources(s).stream().anyMatch(r -> r.isTextual() && r.asText().equals("*"))) {
        assertThat(wildcardOk).as(s.toString()).containsAll(actions(s));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("rolesPerEnvironment")
  void everyNamedResourceBelongsToThisEnvironment(String env, Handler h) {
    Pattern envName = Pattern.compile("tradai-([a-z0-9-]+-)?" + env + "([-/:*]|$)");
    JsonNode templateResources = SYNTH.json(env).get("Resources");
    for (JsonNode s : statements(env, h)) {
      for (JsonNode r : resources(s)) {
        if (r.isTextual()) {
          assertThat(r.asText()).isEqualTo("*"); // literal ARNs would bypass this check
        } else if (r.has("Fn::Sub")) {
          String arn = r.get("Fn::Sub").asText();
          // Performance Insights names DBs by resource id only (see IamAllowList.Scope.PI_METRICS).
          if (!arn.endsWith(":metrics/rds/*")) {
            assertThat(envName.matcher(arn).find()).as(arn + " names " + env).isTrue();
          }
        } else {
          // Ref / GetAtt / Join over this stack's own resources (topics, queue, ledger, parameters).
          List<String> refs = new ArrayList<>();
          r.findValues("Ref").forEach(ref -> refs.add(ref.asText()));
          r.findValues("Fn::GetAtt").forEach(att -> refs.add(att.get(0).asText()));
          refs.removeIf(ref -> ref.startsWith("AWS::"));
          assertThat(refs).as(r.toString()).isNotEmpty();
          refs.forEach(ref -> assertThat(templateResources.has(ref)).as(ref).isTrue());
        }
      }
    }
  }

  @Test
  void rolesHaveNoManagedOrInlinePoliciesBesideTheAllowList() {
    for (String env : EnvConfig.ENVIRONMENTS) {
      assertThat(SYNTH.resources(env, "AWS::IAM::Role")).hasSize(3);
      assertThat(SYNTH.resources(env, "AWS::IAM::ManagedPolicy")).isEmpty();
      SYNTH
          .resources(env, "AWS::IAM::Role")
          .forEach(
              (id, role) -> {
                assertThat(role.at("/Properties/ManagedPolicyArns").isMissingNode()).as(id).isTrue();
                assertThat(role.at("/Properties/Policies").isMissingNode()).as(id).isTrue();
              });
    }
  }

  @Test
  void everyWildcardGrantSaysWhy() {
    for (IamAllowList grant : IamAllowList.values()) {
      if (grant.wildcardResource()) {
        assertThat(grant.why()).as(grant.name()).isNotBlank();
      }
    }
  }

  @Test
  void onlyTheRemediationRoleMayChangeTargets() {
    Set<String> mutating =
        Set.of(
            "ecs:UpdateService",
            "ecs:RegisterTaskDefinition",
            "iam:PassRole",
            "lambda:UpdateFunctionConfiguration",
            "lambda:PutProvisionedConcurrencyConfig",
            "rds:ModifyDBInstance");
    assertThat(IamAllowList.actionsFor(IamAllowList.Role.REMEDIATION)).containsAll(mutating);
    assertThat(IamAllowList.actionsFor(IamAllowList.Role.VERIFIER)).doesNotContainAnyElementsOf(mutating);
    assertThat(IamAllowList.actionsFor(IamAllowList.Role.HEALTH_CHECK))
        .doesNotContainAnyElementsOf(mutating);
  }
}
