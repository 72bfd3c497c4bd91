package com.tradai.remediation.report;

import com.tradai.remediation.core.LogSafe;

/**
 * Alarm-originated text (name, reason, description) is written by whoever may edit an alarm. Each
 * rendering passes it through here so it cannot forge a line, inject markup or ping a channel.
 */
public final class Escape {
  private Escape() {}

  /** One line of plain text: no CR/LF, control, bidi or Unicode line/paragraph separators. */
  public static String plain(String text) {
    return LogSafe.clean(text).replace('\u2028', '?').replace('\u2029', '?').replace('\uFEFF', '?');
  }

  /** Slack's three control characters as entities, for the system's own text in chat markdown. */
  public static String entities(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * Chat markdown (Slack mrkdwn, Teams markdown): Slack's three control characters become entities
   * (so {@code <!channel>} and {@code <url|text>} are inert), {@code @} becomes a full-width ＠ (so
   * {@code @here} pings nobody), and the text goes inside an inline code span, where neither
   * platform applies formatting or links. Backticks, which would close the span, become ˋ.
   */
  public static String chat(String text) {
    String s = plain(text);
    if (s.isEmpty()) {
      return "";
    }
    s = entities(s).replace('@', '＠').replace('`', 'ˋ');
    return "`" + s + "`";
  }
}
