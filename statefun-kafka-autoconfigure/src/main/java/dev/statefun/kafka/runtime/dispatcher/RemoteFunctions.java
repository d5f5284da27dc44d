package dev.statefun.kafka.runtime.dispatcher;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.envelope.EnvelopeSerializer;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.remote.FromFunction;
import dev.statefun.kafka.runtime.remote.FromFunctionReader;
import dev.statefun.kafka.runtime.remote.HttpFunctionClient;
import dev.statefun.kafka.runtime.remote.RemoteFunctionException;
import dev.statefun.kafka.runtime.remote.RemoteStates;
import dev.statefun.kafka.runtime.remote.RemoteValues;
import dev.statefun.kafka.runtime.remote.ToFunctionWriter;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.EgressIdentifier;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;

/**
 * The remote functions of one dispatcher instance: StateFun's request-reply protocol, never
 * blocking the task thread.
 *
 * <p>Per address, at most one request is in flight; messages that arrive meanwhile wait in a
 * batch (at most the endpoint's {@code maxNumBatchRequests}) and go as one request when the reply
 * has been applied. Both the request in flight and the batch are keyed state, so a checkpoint
 * holds them and a restore sends the requests again ({@link #resendInFlight}). Replies are applied
 * on the task thread under their address's key; a full batch, or {@code maxConcurrentRequests}
 * requests in flight in this instance, make the instance wait for replies instead of taking more
 * input (back-pressure). Until a function type's first reply (after the start or a restore), its
 * first request goes alone and the others wait: StateFun's SDKs answer a request without the
 * state they declare with a request for it, which that first reply registers for all of them.
 *
 * <p>Internal.
 */
final class RemoteFunctions {

  static final String IN_FLIGHT_STATE = "statefun.remote-requests-in-flight";
  static final String BATCH_STATE = "statefun.remote-requests-batched";

  /** What this class needs of its operator. */
  interface Host {
    void setCurrentKey(String id);

    /**
     * Runs an action on the task thread, later; then delivers what it sent locally. The description
     * ({@link String#format} with {@code subject}) is only made when Flink needs it.
     */
    void onTaskThread(Runnable action, String descriptionFormat, Object subject);

    /** Runs other actions on the task thread (replies) until at least one ran. */
    void awaitReplies() throws InterruptedException;
  }

  private final StatefulFunctionsUniverse universe;
  private final Host host;
  private final InvocationContext.Sends sends;
  private final KeyedStateStore store;
  private final MessageCodec codec;
  private final HttpFunctionClient.CallListener listener;
  private final int maxConcurrentRequests;
  private final MapState<String, List<Envelope>> inFlight;
  private final MapState<String, List<Envelope>> batches;
  private final Map<FunctionType, RemoteFunction> functions = new HashMap<>();
  private final Map<String, EgressIdentifier<?>> egresses = new HashMap<>();
  private final FromFunctionReader reader = new FromFunctionReader();
  private int concurrentRequests;

  RemoteFunctions(StatefulFunctionsUniverse universe, Host host, InvocationContext.Sends sends, KeyedStateStore store,
      MessageCodec codec, HttpFunctionClient.CallListener listener, int maxConcurrentRequests) {
    this.universe = universe;
    this.host = host;
    this.sends = sends;
    this.store = store;
    this.codec = codec;
    this.listener = listener;
    this.maxConcurrentRequests = maxConcurrentRequests;
    this.inFlight = store.getMapState(requestsDescriptor(IN_FLIGHT_STATE));
    this.batches = store.getMapState(requestsDescriptor(BATCH_STATE));
    for (KafkaEgressSpec<?> egress : universe.egresses()) {
      egresses.put(egress.id().toString(), egress.id());
    }
  }

  /** Invocations by function type ({@code namespace/name}) of the current address. */
  static MapStateDescriptor<String, List<Envelope>> requestsDescriptor(String name) {
    return new MapStateDescriptor<>(name, StringSerializer.INSTANCE, new ListSerializer<>(new EnvelopeSerializer()));
  }

  /** The remote function of a type, or {@code null} when no endpoint serves it. */
  RemoteFunction functionOf(FunctionType type) {
    RemoteFunction function = functions.get(type);
    if (function == null && !functions.containsKey(type)) {
      function = universe.endpoint(type).map(endpoint -> new RemoteFunction(type, endpoint)).orElse(null);
      functions.put(type, function);
    }
    return function;
  }

  /** Sends the requests a restored checkpoint holds again, with the state as restored. */
  void resendInFlight(List<Address> addresses) {
    for (Address address : addresses) {
      RemoteFunction function = functionOf(address.type());
      if (function == null) {
        throw new RemoteFunctionException("The checkpoint holds a request in flight to " + address
            + ", but no endpoint serves function type " + address.type() + " any more; bound types are "
            + universe.boundFunctionTypes());
      }
      host.setCurrentKey(address.id());
      List<Envelope> requests = read(inFlight, function.key);
      if (requests != null && !requests.isEmpty()) {
        send(function, address, requests);
      }
    }
  }

  /** A function of this kind in the dispatcher's table: calls go through {@link #invoke}. */
  final class RemoteFunction implements dev.statefun.kafka.sdk.StatefulFunction {
    final FunctionType type;
    final String key;
    final HttpFunctionEndpointSpec endpoint;
    final URI url;
    final RemoteStates states;
    final HttpFunctionClient client;
    /**
     * Until this type's first reply, one request goes and the others are held here: they would all
     * come back asking for the state that first reply registers (StateFun's handshake), each a
     * round trip more, at the start and after every restore.
     */
    final List<Address> held = new ArrayList<>();
    boolean firstSent;
    boolean answered;

    RemoteFunction(FunctionType type, HttpFunctionEndpointSpec endpoint) {
      this.type = type;
      this.key = type.toString();
      this.endpoint = endpoint;
      this.url = endpoint.urlOf(type);
      this.states = new RemoteStates(type, store);
      this.client = new HttpFunctionClient(endpoint, url, listener);
    }

    @Override
    public void invoke(dev.statefun.kafka.sdk.Context context, Object message) {
      RemoteFunctions.this.invoke(this, context.self(), context.caller().orElse(null),
          RemoteValues.toTypedValue(message, codec));
    }
  }

  /** Sends the message at once, or adds it to the batch of the address's request in flight. */
  void invoke(RemoteFunction function, Address target, Address caller, TypedValue argument) {
    Envelope invocation = Envelope.ofMessage(target, caller, argument.typeName(), argument.value());
    while (true) {
      List<Envelope> requests = read(inFlight, function.key);
      if (requests == null) {
        if (concurrentRequests < maxConcurrentRequests) {
          List<Envelope> first = new ArrayList<>(1);
          first.add(invocation);
          write(inFlight, function.key, first);
          send(function, target, first);
          return;
        }
      } else {
        List<Envelope> batch = read(batches, function.key);
        if (batch == null || batch.size() < function.endpoint.maxNumBatchRequests()) {
          if (batch == null) {
            batch = new ArrayList<>();
          }
          batch.add(invocation);
          write(batches, function.key, batch);
          return;
        }
      }
      try {
        host.awaitReplies();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteFunctionException("Interrupted while waiting for replies of remote functions", e);
      }
      host.setCurrentKey(target.id());
    }
  }

  private void send(RemoteFunction function, Address target, List<Envelope> invocations) {
    concurrentRequests++;
    if (!function.answered && function.firstSent) {
      function.held.add(target);
      return;
    }
    function.firstSent = true;
    transmit(function, target, invocations);
  }

  private void transmit(RemoteFunction function, Address target, List<Envelope> invocations) {
    byte[] request = ToFunctionWriter.invocationBatch(target, function.states.current(target), invocations);
    function.client.call(target, request).whenComplete((reply, error) ->
        host.onTaskThread(() -> onReply(function, target, reply, error), "reply of remote function %s", target));
  }

  /** After the type's first reply: the held requests go, with the state it registered. */
  private void releaseHeld(RemoteFunction function) {
    List<Address> held = new ArrayList<>(function.held);
    function.held.clear();
    for (Address address : held) {
      host.setCurrentKey(address.id());
      List<Envelope> requests = read(inFlight, function.key);
      if (requests == null || requests.isEmpty()) {
        concurrentRequests--;
      } else {
        transmit(function, address, requests);
      }
    }
  }

  private void onReply(RemoteFunction function, Address target, byte[] reply, Throwable error) {
    concurrentRequests--;
    if (error != null) {
      throw error instanceof RemoteFunctionException failure ? failure
          : new RemoteFunctionException("Call of remote function " + target + " at " + function.url + " failed", error);
    }
    host.setCurrentKey(target.id());
    List<Envelope> requests = read(inFlight, function.key);
    if (requests == null) {
      return; // a reply to a request sent before a restore that sent it again: its effects come with the other
    }
    FromFunction from;
    try {
      from = reader.read(reply);
    } catch (IOException | RuntimeException e) {
      throw new RemoteFunctionException("Remote function " + function.type + " at " + function.url
          + " replied to a request for " + target + " with what is not a StateFun 3.x reply (" + e.getMessage()
          + "); the reply starts with '" + startOf(reply) + "'", e);
    }
    function.answered = true;
    if (from.isIncomplete()) {
      function.states.register(from.missingValues());
      send(function, target, requests);
      if (!function.held.isEmpty()) {
        releaseHeld(function);
      }
      return;
    }
    apply(function, target, from);
    List<Envelope> batch = read(batches, function.key);
    if (batch == null || batch.isEmpty()) {
      remove(inFlight, function.key);
    } else {
      remove(batches, function.key);
      write(inFlight, function.key, batch);
      send(function, target, batch);
    }
    if (!function.held.isEmpty()) {
      releaseHeld(function);
    }
  }

  /** In StateFun's order: messages, delayed messages, egress messages, state mutations. */
  private void apply(RemoteFunction function, Address self, FromFunction reply) {
    for (FromFunction.OutgoingMessage message : reply.outgoingMessages()) {
      requireBound(function, self, message.target());
      sends.toFunction(self, message.target(), message.argument());
    }
    for (FromFunction.DelayedInvocation delayed : reply.delayedInvocations()) {
      if (delayed.cancellation()) {
        sends.cancelDelayed(self, delayed.token());
      } else {
        requireBound(function, self, delayed.target());
        sends.delayed(self, Duration.ofMillis(Math.max(0, delayed.delayMillis())), delayed.target(),
            delayed.argument(), delayed.token().isEmpty() ? null : delayed.token());
      }
    }
    for (FromFunction.EgressMessage message : reply.egressMessages()) {
      sends.toEgress(egressOf(function, self, message), egressMessage(function, self, message));
    }
    for (FromFunction.StateMutation mutation : reply.stateMutations()) {
      function.states.mutate(self, mutation);
    }
  }

  private void requireBound(RemoteFunction function, Address self, Address target) {
    if (!universe.isBound(target.type())) {
      throw new RemoteFunctionException("Remote function " + function.type + " (" + self + ") sent a message to "
          + target + ", whose function type is not bound; bound types are " + universe.boundFunctionTypes());
    }
  }

  private EgressIdentifier<?> egressOf(RemoteFunction function, Address self, FromFunction.EgressMessage message) {
    EgressIdentifier<?> egress = egresses.get(message.namespace() + "/" + message.type());
    if (egress == null) {
      throw new RemoteFunctionException("Remote function " + function.type + " (" + self + ") sent a message to egress "
          + message.namespace() + "/" + message.type() + ", which is not bound; bound egresses are "
          + egresses.keySet());
    }
    return egress;
  }

  /** The SDKs' Kafka record for a generic egress; the typed value itself for an egress with a serializer. */
  private Object egressMessage(RemoteFunction function, Address self, FromFunction.EgressMessage message) {
    TypedValue argument = message.argument();
    if (!RemoteValues.KAFKA_PRODUCER_RECORD_TYPE.equals(argument.typeName())) {
      return argument;
    }
    KafkaEgressSpec<?> spec = universe.egress(egresses.get(message.namespace() + "/" + message.type())).orElseThrow();
    if (spec.serializer().isPresent()) {
      return argument;
    }
    try {
      return RemoteValues.kafkaProducerRecord(argument.value());
    } catch (IOException e) {
      throw new RemoteFunctionException("Remote function " + function.type + " (" + self + ") sent egress "
          + spec.id() + " a Kafka record that cannot be read: " + e.getMessage(), e);
    }
  }

  private static String startOf(byte[] reply) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(reply.length, 64); i++) {
      int b = reply[i] & 0xff;
      text.append(b >= 0x20 && b < 0x7f ? (char) b : '?');
    }
    return text.toString();
  }

  private static List<Envelope> read(MapState<String, List<Envelope>> state, String key) {
    try {
      return state.get(key);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot read the remote requests of " + key, e);
    }
  }

  private static void write(MapState<String, List<Envelope>> state, String key, List<Envelope> requests) {
    try {
      state.put(key, requests);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot keep the remote requests of " + key, e);
    }
  }

  private static void remove(MapState<String, List<Envelope>> state, String key) {
    try {
      state.remove(key);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot drop the remote requests of " + key, e);
    }
  }
}
