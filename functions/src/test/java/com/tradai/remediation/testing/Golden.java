package com.tradai.remediation.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares a rendering with its checked-in expected file under src/test/resources/golden. Run with
 * {@code -Dgolden.update=true} to rewrite the files after an intended change, then review the diff.
 */
public final class Golden {
  private static final Path DIR = Path.of("src/test/resources/golden");

  private Golden() {}

  /**
   * Audit ids end in random hex (they must be unique across concurrent runs); goldens show a
   * stand-in.
   */
  private static final java.util.regex.Pattern AUDIT_ID =
      java.util.regex.Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}");

  /** The rendering with its random audit ids replaced by the stand-in the golden files use. */
  public static String normalize(String rendered) {
    return AUDIT_ID.matcher(rendered).replaceAll("<audit-id>");
  }

  public static void assertMatches(String name, String rendered) {
    String actual = normalize(rendered);
    Path file = DIR.resolve(name);
    try {
      if (Boolean.getBoolean("golden.update")) {
        Files.createDirectories(file.getParent());
        Files.writeString(file, actual, StandardCharsets.UTF_8);
      }
      assertThat(Files.exists(file))
          .as("golden file %s exists (create it with -Dgolden.update=true)", file)
          .isTrue();
      assertThat(actual)
          .as("rendering against %s", file)
          .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
