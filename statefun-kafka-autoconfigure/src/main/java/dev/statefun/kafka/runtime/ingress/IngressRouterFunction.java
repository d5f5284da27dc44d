package dev.statefun.kafka.runtime.ingress;

import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.metrics.IngressRecordMetrics;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.Router;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Addresses each record of one ingress. With targets (or a routable topic) the record key is
 * the function id and the record goes on in bytes, one envelope per target; with a router the
 * record is deserialized here and the router picks the addresses. Records that cannot be
 * addressed follow the ingress's poison-record policy. Internal.
 */
public final class IngressRouterFunction extends ProcessFunction<IngressRecord, Envelope> {

  private static final long serialVersionUID = 1L;

  private final UniverseHandle handle;
  private final String ingressId;
  private final OutputTag<IngressRecord> deadLetterTag;

  private transient Map<String, FunctionType[]> targetsByTopic;
  private transient String lastTopic;
  private transient FunctionType[] lastTargets;
  private transient Router<Object> router;
  private transient IngressRecordDecoder decoder;
  private transient MessageCodec codec;
  private transient PoisonRecords poison;
  private transient IngressRecordMetrics metrics;
  private transient ProcessFunction<IngressRecord, Envelope>.Context currentContext;

  public IngressRouterFunction(UniverseHandle handle, String ingressId, OutputTag<IngressRecord> deadLetterTag) {
    this.handle = handle;
    this.ingressId = ingressId;
    this.deadLetterTag = deadLetterTag;
  }

  @Override
  @SuppressWarnings("unchecked")
  public void open(OpenContext openContext) {
    var universe = handle.universe(getRuntimeContext()::registerUserCodeClassLoaderReleaseHookIfAbsent);
    KafkaIngressSpec<Object> spec = (KafkaIngressSpec<Object>) universe.ingress(ingressId)
        .orElseThrow(() -> new IllegalStateException("Ingress " + ingressId + " is not bound in this application"));
    router = universe.router(spec.id()).orElse(null);
    targetsByTopic = new HashMap<>();
    for (KafkaIngressTopic topic : spec.topics()) {
      targetsByTopic.put(topic.topic(),
          (topic.isRoutable() ? topic.targets() : spec.targets()).toArray(FunctionType[]::new));
    }
    codec = new MessageCodec(getRuntimeContext().getUserCodeClassLoader());
    decoder = new IngressRecordDecoder(spec, codec);
    metrics = new IngressRecordMetrics(getRuntimeContext().getMetricGroup(), ingressId);
    poison = new PoisonRecords(spec, metrics,
        deadLetter -> currentContext.output(deadLetterTag, deadLetter));
  }

  @Override
  public void processElement(IngressRecord record, Context context, Collector<Envelope> out) {
    currentContext = context;
    FunctionType[] targets = targetsOf(record.topic());
    if (targets == null || (targets.length == 0 && router != null)) {
      route(record, out);
      return;
    }
    if (record.key() == null) {
      poison.handle(record, new IllegalArgumentException(
          "record without a key: the key of a record of topic " + record.topic() + " is the function id"));
      return;
    }
    String id = new String(record.key(), StandardCharsets.UTF_8);
    for (FunctionType target : targets) {
      out.collect(Envelope.ofRecord(new Address(target, id), record));
    }
  }

  /** The consumer hands over the same topic string for the records of a partition: checked by identity first. */
  private FunctionType[] targetsOf(String topic) {
    if (topic != lastTopic) {
      lastTargets = targetsByTopic.get(topic);
      lastTopic = topic;
    }
    return lastTargets;
  }

  private void route(IngressRecord record, Collector<Envelope> out) {
    Object message;
    try {
      message = decoder.decode(record);
    } catch (RuntimeException e) {
      poison.handle(record, e);
      return;
    }
    if (message == null) {
      metrics.skipped();
      return;
    }
    metrics.delivered();
    router.route(message, (type, id, routed) -> out.collect(
        Envelope.ofMessage(new Address(type, id), null, codec.typeNameOf(routed), codec.encode(routed))));
  }
}
