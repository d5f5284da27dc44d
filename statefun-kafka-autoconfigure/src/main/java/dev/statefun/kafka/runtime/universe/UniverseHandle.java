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
}
