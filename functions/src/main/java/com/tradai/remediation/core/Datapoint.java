package com.tradai.remediation.core;

import java.time.Instant;

public record Datapoint(Instant timestamp, double value) {}
