package com.tradai.remediation.core;

/**
 * Alarm text is written by whoever can name an alarm or set its description. Before it reaches a
 * log line or a report it loses line breaks and control characters, so it cannot forge a line.
 */
public final class LogSafe {
  private static final int MAX = 512;

  private LogSafe() {}

  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX + 1));
    for (int i = 0; i < text.length() && out.length() < MAX; i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (Character.isISOControl(c) || isBidiControl(c)) {
        out.append('?');
      } else {
        out.append(c);
      }
    }
    if (text.length() > MAX) {
      out.append("…");
    }
    return out.toString();
  }

  private static boolean isBidiControl(char c) {
    return (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E'
        || c == '\u200F';
  }
}
