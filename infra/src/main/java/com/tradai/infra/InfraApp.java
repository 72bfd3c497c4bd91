package com.tradai.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;

/**
 * CDK entry point: one {@link RemediationStack} per environment in {@code config/}, checked by
 * cdk-nag's AwsSolutions pack. {@code cdk synth -c env=prod} builds only that environment; without
 * {@code -c env} only dev. {@code -c configOverlay=DIR} merges {@code DIR/{env}.json} over the
 * committed config.
 */
public final class InfraApp {
  private InfraApp() {}

  public static void main(String[] args) {
    Path infraDir = infraDir();
    AppProps.Builder props = AppProps.builder().context(defaultContext());
    if (System.getenv("CDK_OUTDIR") == null) {
      // Run without the CDK CLI (mvn exec:java): write where the CLI would.
      props.outdir(infraDir.resolve("cdk.out").toString());
    }
    App app = new App(props.build());
    Object only = app.getNode().tryGetContext("env");
    if (only == null) {
      // staging and prod refuse to synthesize until their config holds real ids and subscribers
      System.err.println(
          "tradai-infra: no -c env given; synthesizing dev only (-c env=prod, or"
              + " -c env=dev,staging,prod)");
    }
    List<String> envs = only == null ? List.of("dev") : Arrays.asList(only.toString().split(","));
    Object overlay = app.getNode().tryGetContext("configOverlay");
    build(app, infraDir, envs, overlay == null ? null : Path.of(overlay.toString()));
    app.synth();
  }

  /**
   * Context that makes the template usable by {@code sam local invoke} even when the app runs
   * without the CDK CLI (asset metadata tells SAM where each function's code is), plus cdk.json's
   * context (the recommended feature flags), so tests synthesize exactly what the CLI does.
   */
  public static Map<String, Object> defaultContext() {
    Map<String, Object> context = new LinkedHashMap<>(cdkJsonContext(infraDir()));
    context.put("aws:cdk:enable-asset-metadata", true);
    context.put("aws:cdk:enable-path-metadata", true);
    return context;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> cdkJsonContext(Path infraDir) {
    try {
      Map<String, Object> cdkJson =
          new ObjectMapper().readValue(infraDir.resolve("cdk.json").toFile(), Map.class);
      return (Map<String, Object>) cdkJson.getOrDefault("context", Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + infraDir.resolve("cdk.json"), e);
    }
  }

  /** Adds the stacks for {@code envs} and the cdk-nag checks to {@code app}. */
  public static Map<String, RemediationStack> build(App app, Path infraDir, List<String> envs) {
    return build(app, infraDir, envs, null);
  }

  /**
   * As above, with {@code {env}.json} of {@code configOverlay} merged over each environment's
   * config. Each environment's config must pass {@link DeployReadiness} first.
   */
  public static Map<String, RemediationStack> build(
      App app, Path infraDir, List<String> envs, Path configOverlay) {
    FunctionCode code = FunctionCode.locate(infraDir);
    if (code.placeholder()) {
      System.err.println(
          "tradai-infra: " + FunctionCode.JAR + " not found; synthesizing with placeholder code");
    }
    Map<String, RemediationStack> stacks = new LinkedHashMap<>();
    for (String env : envs) {
      EnvConfig cfg = EnvConfig.load(infraDir.resolve("config"), env, configOverlay);
      DeployReadiness.check(cfg);
      Path repoRoot = infraDir.toAbsolutePath().normalize().getParent();
      stacks.put(env, new RemediationStack(app, cfg, code, cfg.policyJson(repoRoot)));
    }
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
    return stacks;
  }

  /** The infra module folder: the working directory (as cdk.json runs it) or its infra/ child. */
  public static Path infraDir() {
    String configured = System.getProperty("tradai.infraDir");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path cwd = Path.of("").toAbsolutePath();
    return Files.isDirectory(cwd.resolve("config")) ? cwd : cwd.resolve("infra");
  }
}
