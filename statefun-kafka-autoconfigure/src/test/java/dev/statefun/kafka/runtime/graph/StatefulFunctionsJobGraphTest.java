package dev.statefun.kafka.runtime.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.io.KafkaIngressBuilder;
import dev.statefun.kafka.io.KafkaIngressDeserializer;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.cluster.StatefulFunctionsJob;
import dev.statefun.kafka.runtime.universe.LocalUniverseHandle;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.IngressIdentifier;
import dev.statefun.kafka.sdk.StatefulFunctionSpec;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shape of the job: the feedback loop's operators and where Flink places them. */
class StatefulFunctionsJobGraphTest {

  static final FunctionType GREETER = new FunctionType("example", "greeter");

  final StatefulFunctionsUniverse universe = universe();
  final LocalUniverseHandle handle = LocalUniverseHandle.register("graph-test", universe);
  final RuntimeSettings settings = new RuntimeSettings("graph-test", "localhost:9092", 2, 128, Duration.ofSeconds(1),
      "file:///tmp/graph-test", "none", true, Duration.ofSeconds(30), "hashmap", -1, 0, Duration.ofSeconds(1));

  @AfterEach
  void release() {
    handle.release();
  }

  @Test
  void headDispatcherAndTailOfAnInstanceShareASlotAndTheHeadIsChainedToTheDispatcher() {
    StatefulFunctionsJob job = new StatefulFunctionsJob(universe, handle, settings);
    JobGraph graph = job.streamGraph(null).getJobGraph();
    List<JobVertex> vertices = StreamSupport.stream(graph.getVertices().spliterator(), false).toList();

    JobVertex head = vertex(vertices, "feedback head");
    JobVertex tail = vertex(vertices, "feedback tail");
    assertThat(head.getName()).as("the head and the dispatcher run as one task").contains("functions");
    assertThat(head.getCoLocationGroup()).isNotNull().isSameAs(tail.getCoLocationGroup());
    assertThat(head.getSlotSharingGroup()).isSameAs(tail.getSlotSharingGroup());
    assertThat(head.getParallelism()).isEqualTo(2);
    assertThat(tail.getParallelism()).isEqualTo(2);
    assertThat(vertices).extracting(JobVertex::getName).noneMatch(name -> name.contains("Source: feedback"));
  }

  @Test
  void unalignedCheckpointsAreRefusedNamingTheSetting() {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(1));
    conf.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);

    assertThatThrownBy(() -> new StatefulFunctionsJobGraph(universe, handle, settings).addTo(env))
        .isInstanceOf(StatefunConfigurationException.class)
        .hasMessageContaining("execution.checkpointing.unaligned.enabled")
        .hasMessageContaining("aligned checkpoints");
  }

  private static JobVertex vertex(List<JobVertex> vertices, String name) {
    return vertices.stream().filter(vertex -> vertex.getName().contains(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no vertex named " + name + " in " + vertices));
  }

  private static StatefulFunctionsUniverse universe() {
    StatefulFunctionsUniverse universe = new StatefulFunctionsUniverse();
    universe.bindIngress(KafkaIngressBuilder.forIdentifier(new IngressIdentifier<>(String.class, "example", "users"))
        .withKafkaAddress("localhost:9092")
        .withConsumerGroupId("graph-test")
        .withTopic("users")
        .withDeserializer((KafkaIngressDeserializer<String>) record -> new String(record.value(), StandardCharsets.UTF_8))
        .withTargets(GREETER)
        .build());
    universe.bindFunction(StatefulFunctionSpec.builder(GREETER).withSupplier(() -> (context, message) -> {}).build());
    return universe;
  }
}
