package dev.statefun.kafka.runtime.graph;

import dev.statefun.kafka.io.DeserializationErrorPolicy;
import dev.statefun.kafka.io.DeliverySemantic;
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
import dev.statefun.kafka.runtime.feedback.FeedbackLoop;
import dev.statefun.kafka.runtime.ingress.IngressRouterFunction;
import dev.statefun.kafka.runtime.ingress.KafkaSourceFactory;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefunConfigurationException;
import java.time.Duration;
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
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.OutputTag;

/**
 * The job graph of a stateful functions application, in one place:
 *
 * <pre>
 * KafkaSource(ingress A) ─ route ─┐
 * KafkaSource(ingress B) ─ route ─┼─ union ─ keyBy(id)      ─ dispatcher ─┬─ side output ─ KafkaSink(egress X)
 * KafkaSource(feedback)  ─────────┘                                       ├─ side output ─ KafkaSink(egress Y)
 *                                                                         ├─ side output ─ KafkaSink(dead letters)
 *                                                                         └─ feedback ──── KafkaSink(feedback topic)
 * </pre>
 *
 * <p>Every operator has a stable uid, so a changed application restores what still matches.
 * The feedback loop exists only with parallelism above 1: with one instance every address is
 * local and messages between functions are delivered in place.
 */
public final class StatefulFunctionsJobGraph {

  public static final String DISPATCHER_UID = "statefun-dispatcher";

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

    FeedbackLoop feedback = settings.parallelism() > 1 ? new FeedbackLoop(settings.applicationId(),
        kafkaAddressOf(null, "the feedback loop"), universe.kafkaClientSettings()) : null;
    if (feedback != null) {
      feedback.createTopic(settings.parallelism(), Duration.ofSeconds(30));
      inputs.add(env.fromSource(feedback.source(Duration.ofSeconds(30), envelopes), WatermarkStrategy.noWatermarks(), "feedback")
          .uid("feedback-source"));
    }

    Map<String, OutputTag<Object>> egressTags = egressTags();
    DataStream<Envelope> all = inputs.get(0);
    for (DataStream<Envelope> more : inputs.subList(1, inputs.size())) {
      all = all.union(more);
    }
    SingleOutputStreamOperator<Envelope> dispatcher = all
        .keyBy((KeySelector<Envelope, String>) Envelope::key, Types.STRING)
        .transform("functions", envelopes,
            new FunctionDispatcher(handle, egressTags, deadLetterTags))
        .uid(DISPATCHER_UID);

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
    if (feedback != null) {
      dispatcher.sinkTo(feedback.sink(feedbackTransactionTimeout())).uid("feedback-sink").name("feedback");
    }
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

  private Duration feedbackTransactionTimeout() {
    return universe.egresses().stream()
        .filter(spec -> spec.deliverySemantic() == DeliverySemantic.EXACTLY_ONCE)
        .map(KafkaEgressSpec::transactionTimeout)
        .min(Duration::compareTo)
        .orElse(KafkaEgressSpec.DEFAULT_TRANSACTION_TIMEOUT);
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
