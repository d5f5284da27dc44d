package dev.statefun.kafka.runtime.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.statefun.kafka.io.KafkaProducerRecord;
import dev.statefun.kafka.runtime.envelope.Envelope;
import dev.statefun.kafka.runtime.message.MessageCodec;
import dev.statefun.kafka.runtime.remote.ToFunctionWriter.PersistedValue;
import dev.statefun.kafka.sdk.Address;
import dev.statefun.kafka.sdk.FunctionType;
import dev.statefun.kafka.sdk.TypedValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord.Builder;
import org.apache.flink.statefun.sdk.reqreply.generated.FromFunction;
import org.apache.flink.statefun.sdk.reqreply.generated.ToFunction;
import org.apache.flink.statefun.sdk.shaded.com.google.protobuf.ByteString;
import org.apache.flink.statefun.sdk.types.generated.IntWrapper;
import org.apache.flink.statefun.sdk.types.generated.LongWrapper;
import org.apache.flink.statefun.sdk.types.generated.StringWrapper;
import org.junit.jupiter.api.Test;

/**
 * Our protobuf code for StateFun's request-reply protocol, checked against the classes StateFun
 * generated from its own {@code request-reply.proto} (shipped with its Java SDK).
 */
class RequestReplyCodecTest {

  static final Address TARGET = new Address(new FunctionType("remote", "counter"), "alice");
  static final Address CALLER = new Address(new FunctionType("example", "greeter"), "bob");

  @Test
  void aBatchRequestReadsBackWithStateFunsOwnClasses() throws IOException {
    byte[] bytes = ToFunctionWriter.invocationBatch(TARGET,
        List.of(new PersistedValue("seen", new TypedValue("io.statefun.types/int", new byte[] {13, 7, 0, 0, 0})),
            new PersistedValue("empty", null)),
        List.of(Envelope.ofMessage(TARGET, null, "com.example/Text", "from kafka".getBytes(StandardCharsets.UTF_8)),
            Envelope.ofMessage(TARGET, CALLER, "com.example/Text", new byte[0])));

    ToFunction.InvocationBatchRequest batch = ToFunction.parseFrom(bytes).getInvocation();
    assertThat(batch.getTarget().getNamespace()).isEqualTo("remote");
    assertThat(batch.getTarget().getType()).isEqualTo("counter");
    assertThat(batch.getTarget().getId()).isEqualTo("alice");
    assertThat(batch.getStateList()).hasSize(2);
    assertThat(batch.getState(0).getStateName()).isEqualTo("seen");
    assertThat(batch.getState(0).getStateValue().getTypename()).isEqualTo("io.statefun.types/int");
    assertThat(batch.getState(0).getStateValue().getHasValue()).isTrue();
    assertThat(batch.getState(0).getStateValue().getValue().toByteArray()).containsExactly(13, 7, 0, 0, 0);
    assertThat(batch.getState(1).getStateName()).isEqualTo("empty");
    assertThat(batch.getState(1).hasStateValue()).isFalse();
    assertThat(batch.getInvocationsList()).hasSize(2);
    assertThat(batch.getInvocations(0).hasCaller()).isFalse();
    assertThat(batch.getInvocations(0).getArgument().getValue().toStringUtf8()).isEqualTo("from kafka");
    assertThat(batch.getInvocations(1).getCaller().getType()).isEqualTo("greeter");
    assertThat(batch.getInvocations(1).getCaller().getId()).isEqualTo("bob");
    assertThat(batch.getInvocations(1).getArgument().getHasValue()).isTrue();
  }

  @Test
  void aResponseWrittenByStateFunsClassesReadsBackInFull() throws IOException {
    FromFunction reply = FromFunction.newBuilder()
        .setInvocationResult(FromFunction.InvocationResponse.newBuilder()
            .addStateMutations(FromFunction.PersistedValueMutation.newBuilder()
                .setMutationType(FromFunction.PersistedValueMutation.MutationType.MODIFY)
                .setStateName("seen")
                .setStateValue(typedValue("io.statefun.types/int", new byte[] {1})))
            .addStateMutations(FromFunction.PersistedValueMutation.newBuilder()
                .setMutationType(FromFunction.PersistedValueMutation.MutationType.DELETE)
                .setStateName("gone"))
            .addOutgoingMessages(FromFunction.Invocation.newBuilder()
                .setTarget(address("example", "printer", "alice"))
                .setArgument(typedValue("com.example/Text", "hi".getBytes(StandardCharsets.UTF_8))))
            .addDelayedInvocations(FromFunction.DelayedInvocation.newBuilder()
                .setDelayInMs(1500)
                .setTarget(address("remote", "counter", "alice"))
                .setArgument(typedValue("com.example/Text", new byte[] {2}))
                .setCancellationToken("tick"))
            .addDelayedInvocations(FromFunction.DelayedInvocation.newBuilder()
                .setIsCancellationRequest(true)
                .setCancellationToken("tock"))
            .addOutgoingEgresses(FromFunction.EgressMessage.newBuilder()
                .setEgressNamespace("remote")
                .setEgressType("counts")
                .setArgument(typedValue("com.example/Text", new byte[] {3}))))
        .build();

    dev.statefun.kafka.runtime.remote.FromFunction read = new FromFunctionReader().read(reply.toByteArray());

    assertThat(read.isIncomplete()).isFalse();
    assertThat(read.stateMutations()).hasSize(2);
    assertThat(read.stateMutations().get(0).delete()).isFalse();
    assertThat(read.stateMutations().get(0).value()).isEqualTo(new TypedValue("io.statefun.types/int", new byte[] {1}));
    assertThat(read.stateMutations().get(1).delete()).isTrue();
    assertThat(read.stateMutations().get(1).name()).isEqualTo("gone");
    assertThat(read.outgoingMessages()).singleElement().satisfies(message -> {
      assertThat(message.target()).isEqualTo(new Address(new FunctionType("example", "printer"), "alice"));
      assertThat(message.argument()).isEqualTo(new TypedValue("com.example/Text", "hi".getBytes(StandardCharsets.UTF_8)));
    });
    assertThat(read.delayedInvocations()).hasSize(2);
    assertThat(read.delayedInvocations().get(0).delayMillis()).isEqualTo(1500);
    assertThat(read.delayedInvocations().get(0).token()).isEqualTo("tick");
    assertThat(read.delayedInvocations().get(0).cancellation()).isFalse();
    assertThat(read.delayedInvocations().get(1).cancellation()).isTrue();
    assertThat(read.delayedInvocations().get(1).token()).isEqualTo("tock");
    assertThat(read.egressMessages()).singleElement().satisfies(egress -> {
      assertThat(egress.namespace() + "/" + egress.type()).isEqualTo("remote/counts");
      assertThat(egress.argument().value()).containsExactly(3);
    });
  }

  @Test
  void anIncompleteInvocationContextListsEverySpecWithItsExpiration() throws IOException {
    FromFunction reply = FromFunction.newBuilder()
        .setIncompleteInvocationContext(FromFunction.IncompleteInvocationContext.newBuilder()
            .addMissingValues(FromFunction.PersistedValueSpec.newBuilder()
                .setStateName("seen").setTypeTypename("io.statefun.types/int")
                .setExpirationSpec(FromFunction.ExpirationSpec.newBuilder()
                    .setMode(FromFunction.ExpirationSpec.ExpireMode.AFTER_INVOKE).setExpireAfterMillis(60_000)))
            .addMissingValues(FromFunction.PersistedValueSpec.newBuilder()
                .setStateName("last").setTypeTypename("io.statefun.types/string")))
        .build();

    dev.statefun.kafka.runtime.remote.FromFunction read = new FromFunctionReader().read(reply.toByteArray());

    assertThat(read.isIncomplete()).isTrue();
    assertThat(read.missingValues()).containsExactly(
        new dev.statefun.kafka.runtime.remote.FromFunction.PersistedValueSpec("seen", "io.statefun.types/int",
            dev.statefun.kafka.runtime.remote.FromFunction.Expiration.AFTER_INVOKE, 60_000),
        new dev.statefun.kafka.runtime.remote.FromFunction.PersistedValueSpec("last", "io.statefun.types/string",
            dev.statefun.kafka.runtime.remote.FromFunction.Expiration.NONE, 0));
  }

  @Test
  void anEmptyReplyHasNoEffects() throws IOException {
    dev.statefun.kafka.runtime.remote.FromFunction read = new FromFunctionReader().read(new byte[0]);
    assertThat(read.isIncomplete()).isFalse();
    assertThat(read.outgoingMessages()).isEmpty();
    assertThat(read.stateMutations()).isEmpty();
  }

  @Test
  void bytesThatAreNotAReplyFailToRead() {
    assertThatThrownBy(() -> new FromFunctionReader().read("<html>oops</html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IOException.class);
  }

  @Test
  void javaValuesBecomeStateFunsBuiltInTypes() throws Exception {
    MessageCodec codec = new MessageCodec(getClass().getClassLoader());
    TypedValue text = RemoteValues.toTypedValue("héllo", codec);
    assertThat(text.typeName()).isEqualTo("io.statefun.types/string");
    assertThat(StringWrapper.parseFrom(text.value()).getValue()).isEqualTo("héllo");
    TypedValue number = RemoteValues.toTypedValue(-42, codec);
    assertThat(number.typeName()).isEqualTo("io.statefun.types/int");
    assertThat(IntWrapper.parseFrom(number.value()).getValue()).isEqualTo(-42);
    TypedValue large = RemoteValues.toTypedValue(1L << 40, codec);
    assertThat(LongWrapper.parseFrom(large.value()).getValue()).isEqualTo(1L << 40);
    TypedValue typed = new TypedValue("com.example/User", new byte[] {1});
    assertThat(RemoteValues.toTypedValue(typed, codec)).isSameAs(typed);
    TypedValue json = RemoteValues.toTypedValue(new Greeting("alice", 2), codec);
    assertThat(json.typeName()).isEqualTo("dev.statefun.kafka.runtime.remote/Greeting");
    assertThat(new String(json.value(), StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"alice\",\"count\":2}");
  }

  record Greeting(String name, int count) {}

  @Test
  void theSdksKafkaEgressRecordReadsAsTopicKeyAndValue() throws IOException {
    Builder record = org.apache.flink.statefun.sdk.egress.generated.KafkaProducerRecord.newBuilder()
        .setTopic("greetings").setKey("alice").setValueBytes(ByteString.copyFromUtf8("hi"));
    KafkaProducerRecord read = RemoteValues.kafkaProducerRecord(record.build().toByteArray());
    assertThat(read.topic()).isEqualTo("greetings");
    assertThat(read.key()).isEqualTo("alice");
    assertThat(read.value()).isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
    KafkaProducerRecord keyless = RemoteValues.kafkaProducerRecord(record.clearKey().build().toByteArray());
    assertThat(keyless.key()).isNull();
  }

  private static org.apache.flink.statefun.sdk.reqreply.generated.TypedValue typedValue(String typeName, byte[] value) {
    return org.apache.flink.statefun.sdk.reqreply.generated.TypedValue.newBuilder()
        .setTypename(typeName).setHasValue(true).setValue(ByteString.copyFrom(value)).build();
  }

  private static org.apache.flink.statefun.sdk.reqreply.generated.Address address(String namespace, String type,
      String id) {
    return org.apache.flink.statefun.sdk.reqreply.generated.Address.newBuilder()
        .setNamespace(namespace).setType(type).setId(id).build();
  }
}
