package dev.statefun.kafka.runtime.universe;

import java.io.Serializable;

/**
 * How an operator reaches the application's {@link StatefulFunctionsUniverse} (functions,
 * deserializers, serializers, routers) without capturing it in the job graph: the handle is
 * serialized into the job, and resolved in the operator's {@code open()}.
 *
 * <p>In an embedded MiniCluster the handle finds the running application in the same JVM; on a
 * remote TaskManager an implementation may start the application there.
 */
public interface UniverseHandle extends Serializable {

  StatefulFunctionsUniverse universe();

  /**
   * The universe, for an operator that can tell when Flink releases its user code class loader
   * (the job's last task on this TaskManager is gone): a handle that started something for the
   * job there (an application context) registers its release with these hooks.
   */
  default StatefulFunctionsUniverse universe(ReleaseHooks releaseHooks) {
    return universe();
  }

  /**
   * Called by an operator when it first sends a record to an egress; a runner in the same JVM
   * may react (the MiniCluster takes the first checkpoint then, so the first output commits
   * without waiting a checkpoint interval). Cheap, never blocks; a no-op by default.
   */
  default void outputStarted() {
  }

  /** Flink's user code class loader release hooks ({@code registerUserCodeClassLoaderReleaseHookIfAbsent}). */
  @FunctionalInterface
  interface ReleaseHooks {
    void registerIfAbsent(String name, Runnable hook);
  }
}
