package com.tradai.remediation.handler;

import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.MDC;

/**
 * One invocation's independent reads (settings, metrics, guard facts, resources), each on its own
 * short-lived platform thread, so the run waits for the slowest rather than for their sum. Not
 * virtual threads: their socket reads start the JDK's poller, a daemon thread parked in epoll_wait
 * for good, and HotSpot's exit waits up to 300 ms for threads left in native code (a cold local
 * invoke measured 0.3 s slower for it); a platform thread per read leaves nothing behind. {@link
 * #join} gives back a read's own exception, unwrapped, so a failed read ends the run as it would
 * have read in sequence. Closing waits for every read still running: none outlives the invocation.
 */
final class ParallelReads implements AutoCloseable {
  private static final ThreadFactory READERS =
      Thread.ofPlatform().daemon().name("read-", 0).factory();

  private final ExecutorService threads = Executors.newThreadPerTaskExecutor(READERS);
  private final Map<String, String> context = MDC.getCopyOfContextMap();

  /** Starts a read; its log lines carry the invocation's correlation id. */
  <T> Future<T> start(Supplier<T> read) {
    return threads.submit(
        () -> {
          if (context != null) {
            MDC.setContextMap(context);
          }
          try {
            return read.get();
          } finally {
            MDC.clear();
          }
        });
  }

  /** The read's value, or the very exception it threw. */
  static <T> T join(Future<T> read) {
    try {
      return read.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a read", e);
    }
  }

  /**
   * The items a future will hold, as a collection: iterating it waits for them. It lets a read that
   * needs them only at its end (the guard facts need the plan's actions only to pick the last
   * changes out of what the ledger Query returned) start before they exist. Cancelled, it throws.
   */
  static <T> Collection<T> later(CompletableFuture<List<T>> items) {
    return new AbstractCollection<>() {
      @Override
      public Iterator<T> iterator() {
        return join(items).iterator();
      }

      @Override
      public int size() {
        return join(items).size();
      }
    };
  }

  @Override
  public void close() {
    threads.close();
  }
}
