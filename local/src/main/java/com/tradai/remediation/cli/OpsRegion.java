package com.tradai.remediation.cli;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.Region;

/**
 * The region {@code ops} works in, found the way the AWS CLI finds it: {@code --region}, then
 * {@code AWS_REGION}, then {@code AWS_DEFAULT_REGION} (which the Java SDK alone would not read),
 * then the profile's {@code region} in the config file. Never the instance metadata service: on a
 * laptop that is a timeout, not an answer. With none, the operator is told what to do instead of
 * being shown the SDK's provider chain.
 */
final class OpsRegion {
  static final String NONE = "no region: pass --region or set AWS_REGION";

  private OpsRegion() {}

  /**
   * @param profileRegion the named (or default) profile's region in the AWS config file, if any
   */
  static Region resolve(
      Optional<String> flag,
      Map<String, String> environment,
      Function<Optional<String>, Optional<String>> profileRegion,
      Optional<String> profile) {
    return flag.or(() -> nonBlank(environment.get("AWS_REGION")))
        .or(() -> nonBlank(environment.get("AWS_DEFAULT_REGION")))
        .or(() -> profileRegion.apply(profile).flatMap(OpsRegion::nonBlank))
        .map(Region::of)
        .orElseThrow(() -> new Options.UsageException(NONE));
  }

  /** The region of {@code profile} (else AWS_PROFILE's, else "default") in the AWS config files. */
  static Optional<String> fromConfigFile(Optional<String> profile) {
    try {
      return regionIn(ProfileFile.defaultProfileFile(), profile, System.getenv("AWS_PROFILE"));
    } catch (RuntimeException unreadable) {
      return Optional.empty(); // a missing or broken config file holds no region
    }
  }

  static Optional<String> regionIn(ProfileFile file, Optional<String> profile, String awsProfile) {
    String name = profile.or(() -> nonBlank(awsProfile)).orElse("default");
    return file.profile(name).flatMap(p -> p.property(ProfileProperty.REGION));
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}
