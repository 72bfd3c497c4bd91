package com.tradai.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The deployment jar built by {@code mvn -pl functions package}, or a placeholder when it is
 * missing, so that tests and {@code cdk synth} work before the functions are packaged. A stack
 * synthesized with the placeholder carries a warning and must not be deployed.
 */
public record FunctionCode(Path path, boolean placeholder) {

  static final String JAR = "functions/target/tradai-remediation.jar";

  /** Finds the jar from the repository root (the parent of {@code infraDir}). */
  public static FunctionCode locate(Path infraDir) {
    Path jar = infraDir.toAbsolutePath().normalize().getParent().resolve(JAR);
    if (Files.isRegularFile(jar)) {
      return new FunctionCode(jar, false);
    }
    Path dir = infraDir.resolve("target/placeholder-function-code");
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("README.txt"),
          "Placeholder: " + JAR + " was not built. Run `mvn -pl functions package` first.\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FunctionCode(dir.toAbsolutePath().normalize(), true);
  }

  public Code code() {
    return Code.fromAsset(path.toString());
  }
}
