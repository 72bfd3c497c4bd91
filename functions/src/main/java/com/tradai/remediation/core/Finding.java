package com.tradai.remediation.core;

/** One piece of evidence judged against its threshold, in words a report can show. */
public record Finding(String name, String value, String threshold, boolean breached) {}
