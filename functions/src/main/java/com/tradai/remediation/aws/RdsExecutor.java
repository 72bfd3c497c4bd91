package com.tradai.remediation.aws;

import com.tradai.remediation.core.Action;
import com.tradai.remediation.core.Recheck;
import com.tradai.remediation.core.ResourceRef;
import com.tradai.remediation.core.ResourceState;
import com.tradai.remediation.ports.Executor;
import com.tradai.remediation.ports.ResourceReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.PendingModifiedValues;

/**
 * Reads an RDS instance (class, status, pending modifications, IOPS ceiling, top SQL where
 * Performance Insights is on) and changes its class. It never acts unless the instance is {@code
 * available} with nothing pending, on the class the action was planned on (for a rollback: the
 * fix's class), and it re-checks that just before acting ({@link Recheck}).
 */
public final class RdsExecutor implements Executor, ResourceReader {
  /** Memory (GiB) of the classes on the ladders, for PostgreSQL's default max_connections. */
  static final Map<String, Integer> CLASS_MEMORY_GIB =
      Map.ofEntries(
          Map.entry("db.t4g.micro", 1),
          Map.entry("db.t4g.small", 2),
          Map.entry("db.t4g.medium", 4),
          Map.entry("db.t4g.large", 8),
          Map.entry("db.t4g.xlarge", 16),
          Map.entry("db.t4g.2xlarge", 32),
          Map.entry("db.m6g.large", 8),
          Map.entry("db.m6g.xlarge", 16),
          Map.entry("db.m6g.2xlarge", 32),
          Map.entry("db.r6g.large", 16),
          Map.entry("db.r6g.xlarge", 32),
          Map.entry("db.r6g.2xlarge", 64));

  private final Supplier<RdsClient> client;
  private final Supplier<PerformanceInsights> pi;
  private final boolean applyImmediately;

  public RdsExecutor(
      Supplier<RdsClient> client, Supplier<PerformanceInsights> pi, boolean applyImmediately) {
    this.client = client;
    this.pi = pi;
    this.applyImmediately = applyImmediately;
  }

  @Override
  public boolean supports(ResourceRef ref) {
    return ref instanceof ResourceRef.RdsInstance;
  }

  @Override
  public ResourceState read(ResourceRef ref) {
    ResourceRef.RdsInstance r = (ResourceRef.RdsInstance) ref;
    DBInstance db;
    try {
      db = describe(r.instance());
    } catch (DbInstanceNotFoundException e) {
      return new ResourceState.Missing(ref.key(), "RDS instance " + r.instance() + " not found");
    }
    boolean piOn = Boolean.TRUE.equals(db.performanceInsightsEnabled());
    List<ResourceState.TopSql> top = List.of();
    String note;
    if (!piOn) {
      note = "Performance Insights is not enabled on " + r.instance() + "; no top SQL";
    } else {
      try {
        top = pi.get().topSql(db.dbiResourceId(), r.from(), r.to(), 5);
        note = top.isEmpty() ? "Performance Insights has no SQL load in the window" : "";
      } catch (RuntimeException e) {
        note = "Performance Insights could not be read: " + e.getMessage();
      }
    }
    return new ResourceState.RdsInstance(
        r.instance(),
        db.dbInstanceClass(),
        db.dbInstanceStatus(),
        pending(db.pendingModifiedValues()),
        iopsLimit(db),
        maxConnections(db),
        piOn,
        top,
        note);
  }

  private DBInstance describe(String id) {
    return client
        .get()
        .describeDBInstances(b -> b.dbInstanceIdentifier(id))
        .dbInstances()
        .getFirst();
  }

  /** The names of the pending values that are set. */
  static List<String> pending(PendingModifiedValues p) {
    List<String> out = new ArrayList<>();
    if (p == null) {
      return out;
    }
    for (SdkField<?> f : p.sdkFields()) {
      Object v = f.getValueOrDefault(p);
      if (v != null
          && !(v instanceof java.util.Collection<?> c && c.isEmpty())
          && !(v instanceof software.amazon.awssdk.core.util.SdkAutoConstructList<?>)) {
        out.add(f.memberName() + "=" + v);
      }
    }
    return out;
  }

  static long iopsLimit(DBInstance db) {
    if (db.iops() != null && db.iops() > 0) {
      return db.iops();
    }
    String type = db.storageType() == null ? "gp2" : db.storageType().toLowerCase(Locale.ROOT);
    int gb = db.allocatedStorage() == null ? 20 : db.allocatedStorage();
    return switch (type) {
      case "gp3" -> 3000;
      case "gp2" -> Math.max(100, 3L * gb);
      default -> 100;
    };
  }

  /** PostgreSQL's default LEAST(DBInstanceClassMemory/9531392, 5000); MySQL's /12582880. */
  static long maxConnections(DBInstance db) {
    long bytes = CLASS_MEMORY_GIB.getOrDefault(db.dbInstanceClass(), 1) * 1024L * 1024 * 1024;
    boolean mysql = db.engine() != null && db.engine().toLowerCase(Locale.ROOT).contains("mysql");
    return Math.min(bytes / (mysql ? 12_582_880L : 9_531_392L), 5000);
  }

  @Override
  public boolean supports(Action action) {
    return action instanceof Action.ChangeRdsInstanceClass;
  }

  @Override
  public Applied apply(Action action) {
    if (!(action instanceof Action.ChangeRdsInstanceClass c)) {
      throw new IllegalArgumentException("RdsExecutor cannot apply " + action);
    }
    DBInstance now = describe(c.instance());
    Recheck.require(
        c,
        new Recheck.RdsNow(
            now.dbInstanceClass(), now.dbInstanceStatus(), pending(now.pendingModifiedValues())));
    DBInstance modified =
        client
            .get()
            .modifyDBInstance(
                b ->
                    b.dbInstanceIdentifier(c.instance())
                        .dbInstanceClass(c.afterClass())
                        .applyImmediately(applyImmediately))
            .dbInstance();
    if (!applyImmediately) {
      // AWS's rule: without ApplyImmediately the class changes in the next maintenance window
      // (emulators may apply it at once; the report follows AWS)
      String window =
          "the maintenance window "
              + Optional.ofNullable(modified.preferredMaintenanceWindow())
                  .or(() -> Optional.ofNullable(now.preferredMaintenanceWindow()))
                  .orElse("(none set)")
              + " UTC";
      return new Applied(
          c,
          "class change to "
              + c.afterClass()
              + " is pending until "
              + window
              + "; "
              + c.instance()
              + " serves on "
              + c.beforeClass()
              + " until then",
          window);
    }
    String pendingClass =
        modified.pendingModifiedValues() == null
            ? null
            : modified.pendingModifiedValues().dbInstanceClass();
    return new Applied(
        c,
        pendingClass != null
            ? "class change to "
                + pendingClass
                + " is applying now (status "
                + modified.dbInstanceStatus()
                + ")"
            : "instance class is now "
                + modified.dbInstanceClass()
                + " (status "
                + modified.dbInstanceStatus()
                + ")");
  }
}
