package com.tradai.remediation.cli.snapstart;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The CRaC implementation the benchmark's SnapStart runs give {@code org.crac}, the way the Lambda
 * runtime gives it its own: the JVM is started with {@code -Dorg.crac.Core.Compat=} this package,
 * so {@code org.crac.Core.getGlobalContext().register(r)} lands here, and the benchmark calls
 * {@code Core.getGlobalContext().beforeCheckpoint(null)} as the runtime does before the snapshot.
 * Like the runtime's context it holds resources weakly and calls beforeCheckpoint in the reverse
 * order of registration, afterRestore in that order. No checkpoint is taken: the same JVM goes on
 * to the first event, which is what a restored snapshot runs (less the restore itself).
 */
public final class Core {
  private static final Context<Resource> GLOBAL = new Ordered();

  private Core() {}

  public static Context<Resource> getGlobalContext() {
    return GLOBAL;
  }

  public static void checkpointRestore() {
    throw new UnsupportedOperationException("the benchmark takes no checkpoint");
  }

  private static final class Ordered extends Context<Resource> {
    private final Map<Resource, Long> registered = new WeakHashMap<>();
    private long order;

    @Override
    public synchronized void register(Resource resource) {
      registered.put(resource, order++);
    }

    private synchronized List<Resource> inOrder() {
      List<Resource> resources = new ArrayList<>(registered.keySet());
      resources.sort((a, b) -> Long.compare(registered.get(a), registered.get(b)));
      return resources;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws CheckpointException {
      List<Resource> resources = inOrder();
      Collections.reverse(resources);
      CheckpointException failed = null;
      for (Resource r : resources) {
        try {
          r.beforeCheckpoint(this);
        } catch (Exception e) {
          failed = failed == null ? new CheckpointException() : failed;
          failed.addSuppressed(e);
        }
      }
      if (failed != null) {
        throw failed;
      }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) throws RestoreException {
      RestoreException failed = null;
      for (Resource r : inOrder()) {
        try {
          r.afterRestore(this);
        } catch (Exception e) {
          failed = failed == null ? new RestoreException() : failed;
          failed.addSuppressed(e);
        }
      }
      if (failed != null) {
        throw failed;
      }
    }
  }
}
