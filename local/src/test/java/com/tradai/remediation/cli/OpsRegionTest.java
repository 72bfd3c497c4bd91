package com.tradai.remediation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;

/** ops finds its region as the AWS CLI does, and says what to do when there is none. */
class OpsRegionTest {
  private static final Function<Optional<String>, Optional<String>> NO_PROFILE_REGION =
      p -> Optional.empty();

  @Test
  void theFlagWinsOverEverything() {
    assertThat(
            OpsRegion.resolve(
                Optional.of("eu-west-1"),
                Map.of("AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-west-2"),
                p -> Optional.of("ap-south-1"),
                Optional.empty()))
        .isEqualTo(Region.EU_WEST_1);
  }

  @Test
  void awsRegionThenAwsDefaultRegionThenTheProfiles() {
    assertThat(
            OpsRegion.resolve(
                Optional.empty(),
                Map.of("AWS_REGION", "us-east-1", "AWS_DEFAULT_REGION", "us-west-2"),
                NO_PROFILE_REGION,
                Optional.empty()))
        .isEqualTo(Region.US_EAST_1);
    assertThat(
            OpsRegion.resolve(
                Optional.empty(),
                Map.of("AWS_DEFAULT_REGION", "us-west-2"),
                p -> Optional.of("ap-south-1"),
                Optional.empty()))
        .isEqualTo(Region.US_WEST_2);
    assertThat(
            OpsRegion.resolve(
                Optional.empty(),
                Map.of("AWS_REGION", " "),
                p -> p.filter("ops"::equals).map(x -> "ap-south-1"),
                Optional.of("ops")))
        .isEqualTo(Region.AP_SOUTH_1);
  }

  @Test
  void noneIsOneSentenceNotTheProviderChain() {
    assertThatThrownBy(
            () ->
                OpsRegion.resolve(Optional.empty(), Map.of(), NO_PROFILE_REGION, Optional.empty()))
        .isInstanceOf(Options.UsageException.class)
        .hasMessage("no region: pass --region or set AWS_REGION");
  }

  @Test
  void theNamedProfileThenAwsProfileThenDefaultInTheConfigFile(@TempDir Path dir) throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("config"),
            "[default]\nregion = eu-central-1\n[profile ops]\nregion = eu-north-1\n");
    ProfileFile file =
        ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build();
    assertThat(OpsRegion.regionIn(file, Optional.of("ops"), "other")).contains("eu-north-1");
    assertThat(OpsRegion.regionIn(file, Optional.empty(), "ops")).contains("eu-north-1");
    assertThat(OpsRegion.regionIn(file, Optional.empty(), null)).contains("eu-central-1");
    assertThat(OpsRegion.regionIn(file, Optional.of("missing"), null)).isEmpty();
  }
}
