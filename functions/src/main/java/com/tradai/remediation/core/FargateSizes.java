package com.tradai.remediation.core;

import java.util.OptionalInt;

/**
 * Fargate accepts only certain CPU/memory pairs; a task-memory raise must land on one of them.
 * Table from the ECS task-size documentation.
 */
public final class FargateSizes {
  private FargateSizes() {}

  /** The smallest valid memory above {@code currentMb} for {@code cpu} units, if there is one. */
  public static OptionalInt nextMemory(int cpu, int currentMb) {
    for (int mb : memoryFor(cpu)) {
      if (mb > currentMb) {
        return OptionalInt.of(mb);
      }
    }
    return OptionalInt.empty();
  }

  public static boolean isValid(int cpu, int memoryMb) {
    for (int mb : memoryFor(cpu)) {
      if (mb == memoryMb) {
        return true;
      }
    }
    return false;
  }

  static int[] memoryFor(int cpu) {
    return switch (cpu) {
      case 256 -> new int[] {512, 1024, 2048};
      case 512 -> range(1024, 4096, 1024);
      case 1024 -> range(2048, 8192, 1024);
      case 2048 -> range(4096, 16384, 1024);
      case 4096 -> range(8192, 30720, 1024);
      case 8192 -> range(16384, 61440, 4096);
      case 16384 -> range(32768, 122880, 8192);
      default -> new int[0];
    };
  }

  private static int[] range(int from, int to, int step) {
    int[] out = new int[(to - from) / step + 1];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i * step;
    }
    return out;
  }
}
