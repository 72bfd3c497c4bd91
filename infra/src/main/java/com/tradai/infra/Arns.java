package com.tradai.infra;

import software.amazon.awscdk.Fn;

/** ARN patterns of this account and region, written as {@code Fn::Sub} templates. */
final class Arns {
  private Arns() {}

  /** {@code arn:${AWS::Partition}:{service}:${AWS::Region}:${AWS::AccountId}:{resource}}. */
  static String pattern(String service, String resource) {
    return "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource;
  }

  /** The pattern as {@code Fn::Sub}, for a template. */
  static String sub(String service, String resource) {
    return Fn.sub(pattern(service, resource));
  }

  /** {@code Fn::Sub} for a pattern written as above; tokens of the stack pass through. */
  static String resolve(String patternOrToken) {
    return patternOrToken.contains("${AWS::") ? Fn.sub(patternOrToken) : patternOrToken;
  }
}
