package com.tradai.remediation.testing;

import com.tradai.remediation.cli.DemoEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a log must never hold: access key ids, the secrets and session token the tests run with,
 * request signatures. Shared by {@code SecurityTest} (one capture of the main scenarios, with the
 * SDK's request logger at DEBUG) and {@code WholeSuiteLogScanTest} (the whole suite's output).
 */
public final class SecretScan {
  /** SecurityTest's credentials (moto accepts any): distinctive, so that a leak is findable. */
  public static final String KEY_ID = "AKIA" + "TRADAI7TEST0KEYS";

  public static final String SECRET = "tradai-test-secret/Wq9xZ3vN8mLp2Rt5Ys7Ub1Kc4Hd6Jf0";
  public static final String TOKEN = "IQoJb3JpZ2luX2VjTRADAITESTSESSIONTOKEN0123456789abcdef";

  static final List<Pattern> SECRETS =
      List.of(
          Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"),
          Pattern.compile(Pattern.quote(SECRET)),
          Pattern.compile(Pattern.quote(DemoEnvironment.SECRET_ACCESS_KEY)),
          Pattern.compile(Pattern.quote(TOKEN)),
          Pattern.compile("(?i)authorization\\s*[:=]"),
          Pattern.compile("(?i)x-amz-security-token\\s*[:=]"),
          Pattern.compile("(?i)Signature=[0-9a-f]{16,}"),
          Pattern.compile("(?i)Credential=[A-Z0-9]{16,}/"),
          // a setting with its value; the bare name is not a secret (the hostile corpus logs the
          // uninterpreted lookup text "${env:AWS_SECRET_ACCESS_KEY}" on purpose)
          Pattern.compile("(?i)aws_secret_access_key[\"']?\\s*[:=]"));

  private SecretScan() {}

  /** Each match, with the pattern that found it and some text around it. */
  public static List<String> findings(String text) {
    List<String> out = new ArrayList<>();
    for (Pattern p : SECRETS) {
      Matcher m = p.matcher(text);
      while (m.find()) {
        out.add(
            p.pattern()
                + " at "
                + m.start()
                + ": "
                + text.substring(
                    Math.max(0, m.start() - 60), Math.min(text.length(), m.end() + 20)));
      }
    }
    return out;
  }
}
