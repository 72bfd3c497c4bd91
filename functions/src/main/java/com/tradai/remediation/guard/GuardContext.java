package com.tradai.remediation.guard;

import java.time.Instant;

/**
 * Facts about the world that guards need and cannot compute: who we are and when it is. Ledger
 * facts (cooldowns, rate counters, breaker state, kill switch) are read by the shell and added here,
 * so the guards themselves stay pure.
 */
public record GuardContext(String project, String environment, Instant now) {}
