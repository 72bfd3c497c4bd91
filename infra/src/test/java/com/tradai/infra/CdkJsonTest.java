package com.tradai.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.FeatureFlags;

/**
 * cdk.json carries the feature flags aws-cdk-lib recommends (its own {@code
 * recommended-feature-flags.json}, read from the jsii bundle in the jar the build uses), and the
 * tests' synth runs with them, as the CLI's does.
 */
class CdkJsonTest {
  private static final Synth SYNTH = Synth.get();

  @Test
  void cdkJsonHoldsEveryRecommendedFeatureFlagOfTheCdkVersionInUse() throws Exception {
    JsonNode recommended = Synth.JSON.readTree(recommendedFlags());
    JsonNode context =
        Synth.JSON.readTree(Synth.INFRA_DIR.resolve("cdk.json").toFile()).get("context");
    assertThat(recommended.size()).isGreaterThan(50);
    recommended
        .properties()
        .forEach(
            flag ->
                assertThat(context.get(flag.getKey()))
                    .as(flag.getKey())
                    .isEqualTo(flag.getValue()));
  }

  @Test
  void theTestsSynthesizeWithThoseFlags() {
    Map<String, Object> context = InfraApp.cdkJsonContext(Synth.INFRA_DIR);
    assertThat(context).containsEntry("@aws-cdk/aws-iam:minimizePolicies", true);
    for (RemediationStack stack : SYNTH.stacks.values()) {
      assertThat(FeatureFlags.of(stack).isEnabled("@aws-cdk/aws-iam:minimizePolicies")).isTrue();
    }
  }

  /** package/recommended-feature-flags.json inside aws-cdk-lib's jsii tarball. */
  private static byte[] recommendedFlags() throws Exception {
    Path jar =
        Path.of(FeatureFlags.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (JarFile file = new JarFile(jar.toFile())) {
      var tgz =
          file.stream()
              .filter(e -> e.getName().matches(".*aws-cdk-lib@.*\\.jsii\\.tgz"))
              .findFirst()
              .orElseThrow();
      try (InputStream tar = new GZIPInputStream(file.getInputStream(tgz), 1 << 16)) {
        byte[] header = new byte[512];
        while (tar.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
          String name =
              new String(header, 0, 100, StandardCharsets.US_ASCII).trim().replace("\0", "");
          long size =
              Long.parseLong(
                  new String(header, 124, 12, StandardCharsets.US_ASCII).replace("\0", "").trim(),
                  8);
          if (name.equals("package/recommended-feature-flags.json")) {
            return tar.readNBytes((int) size);
          }
          tar.skipNBytes((size + 511) / 512 * 512);
        }
      }
    }
    throw new IOException("no recommended-feature-flags.json in aws-cdk-lib's jsii bundle");
  }
}
