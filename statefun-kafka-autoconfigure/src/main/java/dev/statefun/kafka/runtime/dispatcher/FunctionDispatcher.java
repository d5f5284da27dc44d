package dev.statefun.kafka.runtime.dispatcher;

import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import dev.statefun.kafka.runtime.envelope.IngressRecord;
import dev.statefun.kafka.runtime.ingress.IngressRecordDecoder;
import dev.statefun.kafka.runtime.ingress.PoisonRecords;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.metrics.FunctionMetrics;
import dev.statefun.kafka.runtime.metrics.IngressRecordMetrics;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.runtime.universe.UniverseHandle;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.StatefulFunction;
import dev.statefun.kafka.sdk.StatefulFunctionProvider;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import dev.statefun.kafka.runtime.remote.HttpFunctionClient;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.runtime.TupleSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyed operator that runs the functions (key = the target's id, see {@link Envelope#key()}).
 * Per parallel instance it keeps one instance of each function type, scopes state to the
 * address through Flink keyed state (state names carry the function type), and turns what a
 * function sends into outputs: a side output per egress; a message to an address of this
 * instance is delivered at once, any other goes to the main output, the feedback loop; a
 * delayed message waits in keyed state for a processing-time timer, so it survives restarts.
 *
 * <p>Messages delivered in place are bounded per input record ({@link #LOCAL_DELIVERIES_PER_INPUT}):
 * beyond that, sends take the feedback loop (or, with one instance, a processing-time timer due
 * at once), so a function ping-pong that never ends does not keep this instance from taking
 * checkpoints or reading input. Such a spilled message may be overtaken by a later message
 * between the same two addresses.
 *
 * <p>A function type served by an HTTP endpoint is called through {@link RemoteFunctions}:
 * asynchronously, its replies applied later on this operator's thread (the task's mailbox).
 *
 * <p>Internal.
 */
public final class FunctionDispatcher extends AbstractStreamOperator<Envelope>
    implements OneInputStreamOperator<Envelope, Envelope>, Triggerable<String, VoidNamespace>, InvocationContext.Sends {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FunctionDispatcher.class);

  /** Messages delivered in place while handling one input record or timer, before sends are deferred. */
  static final int LOCAL_DELIVERIES_PER_INPUT = 1_000;

  private final UniverseHandle handle;
  private final Map<String, OutputTag<Object>> egressTags;
  private final Map<String, OutputTag<IngressRecord>> deadLetterTags;
  private final int maxConcurrentRemoteRequests;

  private transient StatefulFunctionsUniverse universe;
  private transient MessageCodec codec;
  private transient Map<FunctionType, StatefulFunction> functions;
  private transient Map<String, IngressRecordDecoder> decoders;
  private transient String lastIngressId;
  private transient IngressRecordDecoder lastDecoder;
  private transient Map<String, IngressRecordMetrics> ingressMetrics;
  private transient IngressRecordMetrics lastIngressMetrics;
  private transient FunctionMetrics functionMetrics;
  private transient FunctionType lastType;
  private transient StatefulFunction lastFunction;
  private transient EgressIdentifier<?> lastEgress;
  private transient OutputTag<Object> lastEgressTag;
  private transient Map<String, PoisonRecords> poisonRecords;
  private transient InvocationContext context;
  private transient ArrayDeque<PendingMessage> local;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient MapState<Long, List<Envelope>> delayed;
  /** Delayed messages sent with a cancellation token, by sender type and token: (deadline, message). */
  private transient MapState<String, Tuple2<Long, Envelope>> cancellable;
  private transient StreamRecord<Object> egressRecord;
  private transient StreamRecord<Envelope> feedbackRecord;
  private transient Map<EgressIdentifier<?>, OutputTag<Object>> egressTagsByIdentifier;
  private transient int subtask;
  private transient int parallelism;
  private transient int maxParallelism;
  private transient int localDeliveries;
  private transient RemoteFunctions remoteFunctions;
  private transient boolean outputStarted;

  public FunctionDispatcher(
      UniverseHandle handle, Map<String, OutputTag<Object>> egressTags, Map<String, OutputTag<IngressRecord>> deadLetterTags) {
    this(handle, egressTags, deadLetterTags, dev.statefun.kafka.runtime.RuntimeSettings.DEFAULT_MAX_CONCURRENT_REMOTE_REQUESTS);
  }

  /** @param maxConcurrentRemoteRequests requests to remote functions in flight at once in one instance */
  public FunctionDispatcher(UniverseHandle handle, Map<String, OutputTag<Object>> egressTags,
      Map<String, OutputTag<IngressRecord>> deadLetterTags, int maxConcurrentRemoteRequests) {
    this.handle = handle;
    this.egressTags = egressTags;
    this.deadLetterTags = deadLetterTags;
    this.maxConcurrentRemoteRequests = maxConcurrentRemoteRequests;
  }

  @Override
  public void open() throws Exception {
    super.open();
    universe = handle.universe(getRuntimeContext()::registerUserCodeClassLoaderReleaseHookIfAbsent);
    codec = new MessageCodec(getUserCodeClassloader());
    functions = new HashMap<>();
    local = new ArrayDeque<>();
    egressRecord = new StreamRecord<>(null);
    feedbackRecord = new StreamRecord<>(null);
    egressTagsByIdentifier = new HashMap<>();
    subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    parallelism = getRuntimeContext().getTaskInfo().getNumberOfParallelSubtasks();
    maxParallelism = getRuntimeContext().getTaskInfo().getMaxNumberOfParallelSubtasks();
    KeyedStateStorage storage = new KeyedStateStorage(getKeyedStateStore(), universe::declaredState);
    context = new InvocationContext(this, storage);
    functionMetrics = new FunctionMetrics(getRuntimeContext().getMetricGroup());
    ingressMetrics = new HashMap<>();
    decoders = new HashMap<>();
    poisonRecords = new HashMap<>();
    for (KafkaIngressSpec<?> spec : universe.ingresses()) {
      String ingressId = spec.id().toString();
      decoders.put(ingressId, new IngressRecordDecoder(spec, codec));
      OutputTag<IngressRecord> deadLetterTag = deadLetterTags.get(ingressId);
      ingressMetrics.put(ingressId, new IngressRecordMetrics(getRuntimeContext().getMetricGroup(), ingressId));
      poisonRecords.put(ingressId, new PoisonRecords(spec, ingressMetrics.get(ingressId),
          deadLetter -> output.collect(deadLetterTag, new StreamRecord<>(deadLetter))));
    }
    delayed = getKeyedStateStore().getMapState(new MapStateDescriptor<>(
        "statefun.delayed-messages", LongSerializer.INSTANCE, new ListSerializer<>(new EnvelopeSerializer())));
    cancellable = getKeyedStateStore().getMapState(new MapStateDescriptor<>(
        "statefun.cancellable-delayed-messages", StringSerializer.INSTANCE, cancellableSerializer()));
    timers = getInternalTimerService("statefun.delayed-messages", VoidNamespaceSerializer.INSTANCE, this);
    if (!universe.endpoints().isEmpty()) {
      openRemoteFunctions();
    }
  }

  private void openRemoteFunctions() throws Exception {
    HttpFunctionClient.releaseWith(getRuntimeContext()::registerUserCodeClassLoaderReleaseHookIfAbsent);
    MailboxExecutor mailbox =
        getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
    RemoteFunctions.Host host = new RemoteFunctions.Host() {
      @Override
      public void setCurrentKey(String id) {
        FunctionDispatcher.this.setCurrentKey(id);
      }

      @Override
      public void onTaskThread(Runnable action, String descriptionFormat, Object subject) {
        try {
          mailbox.execute(() -> {
            localDeliveries = 0;
            action.run();
            deliverLocalMessages();
          }, descriptionFormat, subject);
        } catch (RejectedExecutionException e) {
          // the task is closing: the request is part of the last checkpoint and is sent again after a restore
        }
      }

      @Override
      public void awaitReplies() throws InterruptedException {
        mailbox.yield();
      }
    };
    FunctionMetrics metrics = functionMetrics;
    // attempts end on the HTTP client's threads
    HttpFunctionClient.CallListener calls = (target, outcome, nanos) -> {
      synchronized (metrics) {
        metrics.remoteCall(target.type(), outcome, nanos);
      }
    };
    remoteFunctions = new RemoteFunctions(universe, host, this, getKeyedStateStore(), codec, calls,
        maxConcurrentRemoteRequests);
    List<Address> inFlight = new ArrayList<>();
    getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
        RemoteFunctions.requestsDescriptor(RemoteFunctions.IN_FLIGHT_STATE),
        (Object key, MapState<String, List<Envelope>> requests) -> {
          for (String type : requests.keys()) {
            inFlight.add(new Address(FunctionType.parse(type), (String) key));
          }
        });
    if (!inFlight.isEmpty()) {
      LOG.info("Sending {} requests to remote functions again that were in flight at the restored checkpoint",
          inFlight.size());
      remoteFunctions.resendInFlight(inFlight);
    }
  }



  @Override
  public void processElement(StreamRecord<Envelope> element) {
    Envelope envelope = element.getValue();
    localDeliveries = 0;
    Object message = envelope.isRecord() ? decodeRecord(envelope) : decodeMessage(envelope);
    if (message != null) {
      invoke(envelope.target(), envelope.caller(), message);
    }
    deliverLocalMessages();
  }

  private Object decodeRecord(Envelope envelope) {
    IngressRecord record = envelope.record();
    try {
      Object message = remoteFunctions != null
          && functionOf(envelope.target().type()) instanceof RemoteFunctions.RemoteFunction
          ? decoderOf(record.ingressId()).decodeForRemote(record)
          : decoderOf(record.ingressId()).decode(record);
      if (message == null) {
        lastIngressMetrics.skipped();
      } else {
        lastIngressMetrics.delivered();
      }
      return message;
    } catch (RuntimeException e) {
      poisonRecords.get(record.ingressId()).handle(record, e);
      return null;
    }
  }

  /** Ingress ids come from the network serializer's table: the same string for the same ingress. */
  private IngressRecordDecoder decoderOf(String ingressId) {
    if (ingressId != lastIngressId) {
      lastDecoder = decoders.get(ingressId);
      lastIngressMetrics = ingressMetrics.get(ingressId);
      lastIngressId = ingressId;
    }
    return lastDecoder;
  }

  private Object decodeMessage(Envelope envelope) {
    return codec.decode(envelope.messageType(), envelope.messageBytes());
  }

  private void invoke(Address target, Address caller, Object message) {
    StatefulFunction function = functionOf(target.type());
    context.reset(target, caller);
    functionMetrics.invocation(target.type());
    try {
      function.invoke(context, message);
    } catch (RuntimeException e) {
      LOG.warn("Function {} failed on a message of type {} {}; the job fails and restarts from its last checkpoint",
          target, message.getClass().getName(), caller == null ? "from an ingress" : "from " + caller, e);
      throw new FunctionInvocationException("Function " + target + " failed on a message of type "
          + message.getClass().getName() + (caller == null ? " from an ingress" : " from " + caller) + ": " + e, e);
    }
  }

  /** Function types come from the network serializer's table: the same object for the same type, mostly. */
  private StatefulFunction functionOf(FunctionType type) {
    if (type == lastType) {
      return lastFunction;
    }
    StatefulFunction function = functions.get(type);
    if (function == null) {
      function = instantiate(type);
      functions.put(type, function);
    }
    lastType = type;
    lastFunction = function;
    return function;
  }

  private StatefulFunction instantiate(FunctionType type) {
    if (remoteFunctions != null) {
      StatefulFunction remote = remoteFunctions.functionOf(type);
      if (remote != null) {
        return remote;
      }
    }
    StatefulFunctionProvider provider = universe.function(type).orElseThrow(() -> new IllegalStateException(
        "A message was sent to function type " + type + ", which is not bound; bound types are "
            + universe.boundFunctionTypes()));
    return provider.functionOfType(type);
  }

  private void deliverLocalMessages() {
    PendingMessage pending;
    while ((pending = local.poll()) != null) {
      localDeliveries++;
      setCurrentKey(pending.to().id());
      invoke(pending.to(), pending.from(), pending.message());
    }
  }

  @Override
  public void toFunction(Address from, Address to, Object message) {
    if (isLocal(to) && localDeliveries + local.size() < LOCAL_DELIVERIES_PER_INPUT) {
      local.add(new PendingMessage(from, to, message));
    } else if (isLocal(to) && parallelism == 1) {
      delayed(from, Duration.ZERO, to, message, null);
    } else {
      output.collect(feedbackRecord.replace(encode(from, to, message)));
    }
  }

  @Override
  public void toEgress(EgressIdentifier<?> egress, Object message) {
    // looked up by identifier, not by its text: no string is built per record
    if (egress == lastEgress) {
      output.collect(lastEgressTag, egressRecord.replace(message));
      return;
    }
    OutputTag<Object> tag = egressTagsByIdentifier.get(egress);
    if (tag == null) {
      tag = egressTags.get(egress.toString());
      if (tag != null) {
        egressTagsByIdentifier.put(egress, tag);
      }
    }
    if (tag == null) {
      throw new IllegalArgumentException("Unknown egress " + egress + "; the egresses of this application are "
          + egressTags.keySet());
    }
    lastEgress = egress;
    lastEgressTag = tag;
    if (!outputStarted) {
      outputStarted = true;
      handle.outputStarted();
    }
    output.collect(tag, egressRecord.replace(message));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TupleSerializer<Tuple2<Long, Envelope>> cancellableSerializer() {
    return new TupleSerializer<>((Class<Tuple2<Long, Envelope>>) (Class) Tuple2.class,
        new org.apache.flink.api.common.typeutils.TypeSerializer[] {LongSerializer.INSTANCE, new EnvelopeSerializer()});
  }

  @Override
  public void delayed(Address from, Duration delay, Address to, Object message, String cancellationToken) {
    long deadline = timers.currentProcessingTime() + delay.toMillis();
    if (cancellationToken != null) {
      String token = tokenKey(from, cancellationToken);
      try {
        if (cancellable.contains(token)) {
          throw new IllegalStateException("The cancellation token '" + cancellationToken + "' of " + from
              + " is still pending: a token may be reused only once its message was delivered or cancelled");
        }
        cancellable.put(token, Tuple2.of(deadline, encode(from, to, message)));
      } catch (IllegalStateException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("Cannot keep the delayed message from " + from + " to " + to, e);
      }
      timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, deadline);
      return;
    }
    try {
      List<Envelope> due = delayed.get(deadline);
      List<Envelope> updated = due == null ? new ArrayList<>() : new ArrayList<>(due);
      updated.add(encode(from, to, message));
      delayed.put(deadline, updated);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot keep the delayed message from " + from + " to " + to, e);
    }
    timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, deadline);
  }

  @Override
  public void cancelDelayed(Address from, String cancellationToken) {
    try {
      cancellable.remove(tokenKey(from, cancellationToken));
    } catch (Exception e) {
      throw new IllegalStateException("Cannot cancel the delayed message '" + cancellationToken + "' of " + from, e);
    }
  }

  /** Tokens belong to the sender's address; its id is the current key, so the type tells addresses apart. */
  private static String tokenKey(Address from, String token) {
    return from.type() + " " + token;
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    localDeliveries = 0;
    long deadline = timer.getTimestamp();
    List<Envelope> due = delayed.get(deadline);
    if (due != null) {
      delayed.remove(deadline);
      due.forEach(this::deliverDue);
    }
    if (!cancellable.isEmpty()) {
      List<String> delivered = new ArrayList<>();
      for (Map.Entry<String, Tuple2<Long, Envelope>> entry : cancellable.entries()) {
        if (entry.getValue().f0 <= deadline) {
          delivered.add(entry.getKey());
          deliverDue(entry.getValue().f1);
        }
      }
      for (String token : delivered) {
        cancellable.remove(token);
      }
    }
    deliverLocalMessages();
  }

  private void deliverDue(Envelope envelope) {
    if (isLocal(envelope.target())) {
      local.add(new PendingMessage(envelope.caller(), envelope.target(), decodeMessage(envelope)));
    } else {
      output.collect(feedbackRecord.replace(envelope));
    }
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) {
    // functions only use processing time
  }

  private Envelope encode(Address from, Address to, Object message) {
    return Envelope.ofMessage(to, from, codec.typeNameOf(message), codec.encode(message));
  }

  private boolean isLocal(Address address) {
    return parallelism == 1
        || KeyGroupRangeAssignment.assignKeyToParallelOperator(address.id(), maxParallelism, parallelism)
            == subtask;
  }

  private record PendingMessage(Address from, Address to, Object message) {}
}
