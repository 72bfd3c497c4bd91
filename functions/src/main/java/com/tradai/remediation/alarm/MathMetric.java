package com.tradai.remediation.alarm;

import java.util.Optional;

/** One entry of a metric-math alarm: either an expression or a metric it reads. */
public record MathMetric(
    String id, Optional<String> expression, Optional<MetricIdentity> metric, boolean returnData) {}
