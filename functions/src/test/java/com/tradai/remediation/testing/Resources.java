package com.tradai.remediation.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Sample events from events/, which the build copies onto the classpath under /events. */
public final class Resources {
  private Resources() {}

  public static byte[] bytes(String path) {
    try (InputStream in = Resources.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The environment's variables plus {@code extra}, with METRICS_REPLAY_FILE pointing at a copy of
   * /events/metrics/{@code metrics} in {@code dir} (no replay when {@code metrics} is null).
   */
  public static java.util.Map<String, String> withReplay(
      java.util.Map<String, String> variables,
      java.nio.file.Path dir,
      String metrics,
      java.util.Map<String, String> extra) {
    java.util.Map<String, String> v = new java.util.HashMap<>(variables);
    if (metrics != null) {
      java.nio.file.Path file = dir.resolve(metrics);
      try {
        java.nio.file.Files.write(file, bytes("/events/metrics/" + metrics));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      v.put("METRICS_REPLAY_FILE", file.toString());
    }
    v.putAll(extra);
    return v;
  }

  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }
}
