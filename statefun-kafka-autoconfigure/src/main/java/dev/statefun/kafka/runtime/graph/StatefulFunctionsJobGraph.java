package dev.statefun.kafka.runtime.graph;

import dev.statefun.kafka.io.DeserializationErrorPolicy;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.dispatcher.FunctionDispatcher;
import dev.statefun.kafka.runtime.egress.KafkaSinkFactory;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.envelope.NetworkEnvelopeSerializer;
import dev.statefun.kafka.runtime.envelope.SerializerTypeInfo;
import dev.statefun.kafka.runtime.feedback.FeedbackHead;
import dev.statefun.kafka.runtime.feedback.FeedbackTail;
import dev.statefun.kafka.runtime.ingress.IngressRouterFunction;
import dev.statefun.kafka.runtime.ingress.KafkaSourceFactory;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The job graph of a stateful functions application, in one place:
 *
 * <pre>
 * KafkaSource(ingress A) ─ route ─┐
 * KafkaSource(ingress B) ─ route ─┴─ union ─ keyBy(id) ─ [feedback head ─ dispatcher] ─┬─ side output ─ KafkaSink(egress X)
 *                                                               ▲                     ├─ side output ─ KafkaSink(egress Y)
 *                                                               │                     ├─ side output ─ KafkaSink(dead letters)
 *                                                               │                     └─ keyBy(id) ─ feedback tail ─┐
 *                                                               └──────────────── in-JVM channel ◄──────────────────┘
 * </pre>
 *
 * <p>Every operator has a stable uid, so a changed application restores what still matches.
 * Messages between functions of different parallel instances go round the feedback loop: head,
 * dispatcher and tail of an instance share a slot (a co-location group), so the tail hands them
 * to the head in memory. With one instance every address is local and messages are delivered in
 * place; the loop is there all the same, idle, so a snapshot taken at a higher parallelism
 * restores with its messages in flight.
 */
public final class StatefulFunctionsJobGraph {

  public static final String DISPATCHER_UID = "statefun-dispatcher";
  public static final String FEEDBACK_HEAD_UID = "statefun-feedback-head";
  public static final String FEEDBACK_TAIL_UID = "statefun-feedback-tail";
  /** Places head, dispatcher and tail of one parallel instance in one slot, so their channel is in one JVM. */
  static final String FEEDBACK_CO_LOCATION = "statefun-feedback-loop";
  /**
   * How long the dispatcher's messages for the loop may wait in a network buffer that is not full:
   * at Flink's default (100 ms) a quiet hop to another instance would take about that long.
   */
  static final long FEEDBACK_BUFFER_TIMEOUT_MILLIS = 5;

  private final StatefulFunctionsUniverse universe;
  private final UniverseHandle handle;
  private final RuntimeSettings settings;

  public StatefulFunctionsJobGraph(StatefulFunctionsUniverse universe, UniverseHandle handle, RuntimeSettings settings) {
    this.universe = universe;
    this.handle = handle;
    this.settings = settings;
  }

  /** Adds the job to the environment. */
  public void addTo(StreamExecutionEnvironment env) {
    if (universe.ingresses().isEmpty()) {
      throw new StatefunConfigurationException("statefun.kafka.ingresses",
          "no ingress is bound, so no message would ever reach a function",
          "Configure statefun.kafka.ingresses, an IngressSpec bean or a StatefulFunctionModule");
    }
    if (env.getCheckpointConfig().isUnalignedCheckpointsEnabled()) {
      throw new StatefunConfigurationException("execution.checkpointing.unaligned.enabled",
          "unaligned checkpoints are on, but the feedback loop between functions needs aligned checkpoints to deliver"
              + " each message exactly once",
          "Set execution.checkpointing.unaligned.enabled to false");
    }
    Map<String, OutputTag<IngressRecord>> deadLetterTags = deadLetterTags();
    Map<String, List<DataStream<IngressRecord>>> deadLetters = new HashMap<>();
    List<DataStream<Envelope>> inputs = new ArrayList<>();
    SerializerTypeInfo<Envelope> envelopes = networkEnvelopes();
    for (KafkaIngressSpec<?> spec : universe.ingresses()) {
      String id = spec.id().toString();
      OutputTag<IngressRecord> deadLetterTag = deadLetterTags.get(id);
      SingleOutputStreamOperator<Envelope> routed = env
          .fromSource(KafkaSourceFactory.create(spec, kafkaAddressOf(spec.kafkaAddress().orElse(null), "ingress " + id),
                  universe.kafkaClientSettings()),
              WatermarkStrategy.noWatermarks(), "ingress " + id)
          .uid("ingress/" + id)
          .process(new IngressRouterFunction(handle, id, deadLetterTag), envelopes)
          .uid("ingress-router/" + id)
          .name("route " + id);
      inputs.add(routed);
      if (deadLetterTag != null) {
        deadLetters.computeIfAbsent(id, k -> new ArrayList<>()).add(routed.getSideOutput(deadLetterTag));
      }
    }

    Map<String, OutputTag<Object>> egressTags = egressTags();
    DataStream<Envelope> all = inputs.get(0);
    for (DataStream<Envelope> more : inputs.subList(1, inputs.size())) {
      all = all.union(more);
    }
    KeySelector<Envelope, String> byTargetId = Envelope::key;
    SingleOutputStreamOperator<Envelope> head = all
        .keyBy(byTargetId, Types.STRING)
        .transform("feedback head", envelopes, new FeedbackHead(FeedbackHead.DEFAULT_LOG_MEMORY))
        .uid(FEEDBACK_HEAD_UID);
    SingleOutputStreamOperator<Envelope> dispatcher = DataStreamUtils
        .reinterpretAsKeyedStream(head, byTargetId, Types.STRING)
        .transform("functions", envelopes,
            new FunctionDispatcher(handle, egressTags, deadLetterTags, settings.maxConcurrentRemoteRequests()))
        .uid(DISPATCHER_UID)
        .setBufferTimeout(FEEDBACK_BUFFER_TIMEOUT_MILLIS);
    SingleOutputStreamOperator<Void> tail = dispatcher
        .keyBy(byTargetId, Types.STRING)
        .transform("feedback tail", Types.VOID, new FeedbackTail())
        .uid(FEEDBACK_TAIL_UID);
    for (DataStream<?> member : List.of(head, dispatcher, tail)) {
      member.getTransformation().setCoLocationGroupKey(FEEDBACK_CO_LOCATION);
    }

    for (KafkaEgressSpec<?> spec : universe.egresses()) {
      String id = spec.id().toString();
      dispatcher.getSideOutput(egressTags.get(id))
          .sinkTo(KafkaSinkFactory.create(spec, kafkaAddressOf(spec.kafkaAddress().orElse(null), "egress " + id),
              settings.applicationId(), handle, universe.kafkaClientSettings()))
          .uid("egress/" + id)
          .name("egress " + id);
    }
    deadLetterTags.forEach((id, tag) -> {
      KafkaIngressSpec<?> spec = universe.ingress(id).orElseThrow();
      DataStream<IngressRecord> letters = dispatcher.getSideOutput(tag);
      for (DataStream<IngressRecord> more : deadLetters.getOrDefault(id, List.of())) {
        letters = letters.union(more);
      }
      letters.sinkTo(KafkaSinkFactory.deadLetters(
              kafkaAddressOf(spec.kafkaAddress().orElse(null), "ingress " + id), universe.kafkaClientSettings()))
          .uid("dead-letters/" + id)
          .name("dead letters of " + id);
    });
  }

  /**
   * The envelopes' form on the network edges, with tables of what this graph knows. Safe only
   * because nothing in flight is persisted: keep checkpoints aligned.
   */
  private SerializerTypeInfo<Envelope> networkEnvelopes() {
    List<String> ingressIds = new ArrayList<>();
    Set<String> topics = new TreeSet<>();
    Set<FunctionType> types = new TreeSet<>(Comparator.comparing(FunctionType::toString));
    types.addAll(universe.functions().keySet());
    for (KafkaIngressSpec<?> spec : universe.ingresses()) {
      ingressIds.add(spec.id().toString());
      types.addAll(spec.targets());
      for (KafkaIngressTopic topic : spec.topics()) {
        topics.add(topic.topic());
        types.addAll(topic.targets());
      }
    }
    return new SerializerTypeInfo<>(Envelope.class,
        new NetworkEnvelopeSerializer(ingressIds, List.copyOf(topics), List.copyOf(types)));
  }

  private Map<String, OutputTag<IngressRecord>> deadLetterTags() {
    Map<String, OutputTag<IngressRecord>> tags = new LinkedHashMap<>();
    for (KafkaIngressSpec<?> spec : universe.ingresses()) {
      if (spec.deserializationErrorPolicy() == DeserializationErrorPolicy.DEAD_LETTER) {
        String id = spec.id().toString();
        tags.put(id, new OutputTag<>("dead-letters/" + id, SerializerTypeInfo.ingressRecords()));
      }
    }
    return tags;
  }

  private Map<String, OutputTag<Object>> egressTags() {
    Map<String, OutputTag<Object>> tags = new LinkedHashMap<>();
    for (KafkaEgressSpec<?> spec : universe.egresses()) {
      String id = spec.id().toString();
      tags.put(id, new OutputTag<>("egress/" + id, SerializerTypeInfo.messages()));
    }
    return tags;
  }

  private String kafkaAddressOf(String specific, String what) {
    if (specific != null && !specific.isBlank()) {
      return specific;
    }
    if (settings.defaultKafkaAddress() == null || settings.defaultKafkaAddress().isBlank()) {
      throw new StatefunConfigurationException("statefun.kafka.bootstrap-servers",
          "no Kafka address for " + what,
          "Set statefun.kafka.bootstrap-servers (or spring.kafka.bootstrap-servers), or the address of the spec");
    }
    return settings.defaultKafkaAddress();
  }
}
