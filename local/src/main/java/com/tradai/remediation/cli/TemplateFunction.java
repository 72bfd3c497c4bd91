package com.tradai.remediation.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One function of a CloudFormation template (a CDK-synthesized one, or a SAM template), read the
 * way {@code sam local invoke} reads it: the handler string and the environment variables.
 *
 * @param logicalId the function's logical id in the template
 * @param handlerClass the class before {@code ::} in the handler string
 * @param handlerMethod the method after it ({@code handleRequest})
 * @param environment the variables whose values are plain strings, numbers or booleans
 * @param unresolved the variables whose values are CloudFormation intrinsics ({@code Ref}, {@code
 *     Fn::GetAtt}, ...): they have values only once deployed, so a local run takes them from an
 *     env-vars file; name → the intrinsic, for the message
 */
public record TemplateFunction(
    String logicalId,
    String handlerClass,
    String handlerMethod,
    Map<String, String> environment,
    Map<String, String> unresolved) {

  private static final java.util.Set<String> FUNCTION_TYPES =
      java.util.Set.of("AWS::Lambda::Function", "AWS::Serverless::Function");

  public static TemplateFunction read(Path template, String logicalId, ObjectMapper mapper)
      throws IOException {
    JsonNode root = mapper.readTree(Files.readAllBytes(template));
    JsonNode resources = root == null ? null : root.get("Resources");
    if (resources == null || !resources.isObject()) {
      throw new IllegalArgumentException(
          template + " has no Resources: is it a CloudFormation template?");
    }
    JsonNode resource = resources.get(logicalId);
    if (resource == null || !FUNCTION_TYPES.contains(resource.path("Type").asText())) {
      java.util.List<String> functions = new java.util.ArrayList<>();
      resources
          .properties()
          .forEach(
              e -> {
                if (FUNCTION_TYPES.contains(e.getValue().path("Type").asText())) {
                  functions.add(e.getKey());
                }
              });
      throw new IllegalArgumentException(
          "--function '"
              + logicalId
              + "' is not a function of "
              + template
              + "; its functions are "
              + functions);
    }
    JsonNode props = resource.path("Properties");
    String handler = props.path("Handler").asText("");
    int sep = handler.indexOf("::");
    if (sep <= 0) {
      throw new IllegalArgumentException(
          logicalId
              + "'s Handler is '"
              + handler
              + "'; expected a Java handler string like com.example.Handler::handleRequest");
    }
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> unresolved = new LinkedHashMap<>();
    props
        .path("Environment")
        .path("Variables")
        .properties()
        .forEach(
            e -> {
              if (e.getValue().isValueNode()) {
                env.put(e.getKey(), e.getValue().asText());
              } else {
                unresolved.put(e.getKey(), e.getValue().toString());
              }
            });
    return new TemplateFunction(
        logicalId, handler.substring(0, sep), handler.substring(sep + 2), env, unresolved);
  }

  /**
   * The environment a local run gets, as SAM builds it: the template's values, overridden by the
   * env-vars file's entries ({@code Parameters}, then the function's own section).
   */
  public Map<String, String> environment(Map<String, String> envVars) {
    Map<String, String> out = new LinkedHashMap<>(environment);
    out.putAll(envVars);
    return out;
  }

  /**
   * The values {@code sam local invoke} gives the intrinsic-valued variables (SAM CLI's {@code
   * IntrinsicsSymbolTable}): a {@code Ref} to a resource becomes its logical id, a {@code Ref} to a
   * pseudo parameter its local stand-in, {@code Fn::GetAtt [X, Arn]} a Lambda ARN in account
   * 123456789012, {@code Fn::Join} the join of its parts. A {@code GetAtt} of another attribute
   * leaves SAM unable to resolve the function's properties, and then every intrinsic of the
   * function becomes an empty string; so does anything this does not model ({@code Fn::Sub}, {@code
   * Fn::If}, imports: the stacks use none in a function's environment).
   */
  public Map<String, String> samValues(String region) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> e : unresolved.entrySet()) {
        out.put(e.getKey(), sam(new ObjectMapper().readTree(e.getValue()), region));
      }
    } catch (IOException | IllegalArgumentException unresolvable) {
      unresolved.keySet().forEach(name -> out.put(name, ""));
    }
    return out;
  }

  private static String sam(JsonNode value, String region) {
    if (value.isValueNode()) {
      return value.asText();
    }
    if (value.has("Ref")) {
      return switch (value.get("Ref").asText()) {
        case "AWS::Region" -> region;
        case "AWS::AccountId" -> SAM_ACCOUNT;
        case "AWS::Partition" -> "aws";
        case "AWS::URLSuffix" -> "amazonaws.com";
        case "AWS::NoValue" -> "";
        default -> value.get("Ref").asText();
      };
    }
    JsonNode getAtt = value.get("Fn::GetAtt");
    if (getAtt != null && getAtt.size() == 2 && "Arn".equals(getAtt.get(1).asText())) {
      return "arn:aws:lambda:" + region + ":" + SAM_ACCOUNT + ":function:" + getAtt.get(0).asText();
    }
    JsonNode join = value.get("Fn::Join");
    if (join != null && join.size() == 2 && join.get(1).isArray()) {
      java.util.List<String> parts = new java.util.ArrayList<>();
      join.get(1).forEach(part -> parts.add(sam(part, region)));
      return String.join(join.get(0).asText(), parts);
    }
    throw new IllegalArgumentException("SAM cannot resolve " + value);
  }

  /** The account id SAM's local runs use. */
  static final String SAM_ACCOUNT = "123456789012";

  /** The intrinsic-valued variables that the env-vars file leaves without a value. */
  public java.util.List<String> stillUnresolved(Map<String, String> envVars) {
    return unresolved.keySet().stream().filter(name -> !envVars.containsKey(name)).toList();
  }
}
