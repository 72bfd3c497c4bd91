package com.tradai.remediation.aws;

import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.LogSearcher;
import com.tradai.remediation.ports.ResourceReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns log searches into evidence: term counts (one search per term), and a Lambda function's
 * REPORT lines parsed into invocations, init durations (cold starts) and the longest duration.
 */
public final class LogEvidenceReader implements ResourceReader {
  /** Upper bound of events read per search, so a noisy log group cannot stall a diagnosis. */
  static final int LIMIT = 10_000;

  private static final Pattern DURATION =
      Pattern.compile("(?<!Billed |Init )Duration: ([0-9.]+) ms");
  private static final Pattern INIT = Pattern.compile("Init Duration: ([0-9.]+) ms");

  private final LogSearcher logs;

  public LogEvidenceReader(LogSearcher logs) {
    this.logs = logs;
  }

  @Override
  public boolean supports(ResourceRef ref) {
    return ref instanceof ResourceRef.LogCounts || ref instanceof ResourceRef.LambdaInvocations;
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    return switch (ref) {
      case ResourceRef.LogCounts c -> {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String term : c.terms()) {
          counts.put(term, logs.search(c.logGroup(), term, c.from(), c.to(), LIMIT).size());
        }
        yield new ResourceState.LogCounts(c.logGroup(), counts);
      }
      case ResourceRef.LambdaInvocations i ->
          reports(
              i.function(), logs.search(i.logGroup(), "REPORT RequestId", i.from(), i.to(), LIMIT));
      default -> throw new IllegalArgumentException("LogEvidenceReader cannot read " + ref.key());
    };
  }

  static ResourceState.LambdaInvocations reports(String function, List<String> lines) {
    List<Double> inits = new ArrayList<>();
    double max = 0;
    int count = 0;
    for (String line : lines) {
      if (!line.startsWith("REPORT")) {
        continue;
      }
      count++;
      OptionalDouble d = number(DURATION.matcher(line));
      if (d.isPresent()) {
        max = Math.max(max, d.getAsDouble());
      }
      number(INIT.matcher(line)).ifPresent(inits::add);
    }
    return new ResourceState.LambdaInvocations(function, count, inits, max);
  }

  private static OptionalDouble number(Matcher m) {
    return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
  }
}
