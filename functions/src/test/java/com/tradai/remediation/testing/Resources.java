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

  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }
}
