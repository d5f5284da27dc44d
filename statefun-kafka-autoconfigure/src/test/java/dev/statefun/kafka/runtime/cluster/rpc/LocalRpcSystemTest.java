package dev.statefun.kafka.runtime.cluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.runtime.rpc.FencedRpcEndpoint;
import org.apache.flink.runtime.rpc.FencedRpcGateway;
import org.apache.flink.runtime.rpc.RpcEndpoint;
import org.apache.flink.runtime.rpc.RpcGateway;
import org.apache.flink.runtime.rpc.RpcService;
import org.apache.flink.runtime.rpc.RpcTimeout;
import org.apache.flink.runtime.rpc.exceptions.EndpointNotStartedException;
import org.apache.flink.runtime.rpc.exceptions.FencingTokenException;
import org.apache.flink.runtime.rpc.exceptions.HandshakeException;
import org.apache.flink.runtime.rpc.exceptions.RecipientUnreachableException;
import org.apache.flink.runtime.rpc.exceptions.RpcConnectionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalRpcSystemTest {

  private final LocalRpcSystem system = new LocalRpcSystem();
  private final List<RpcService> services = new ArrayList<>();

  @AfterEach
  void closeServices() throws Exception {
    for (RpcService service : services) {
      service.closeAsync().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void callsRunOneAtATimeInTheOrderSentAndAnswersLeaveTheMainThread() throws Exception {
    RpcService service = service("test");
    Counter counter = started(new Counter(service));
    CounterGateway gateway = service.connect(counter.getAddress(), CounterGateway.class).get();

    List<Thread> callers = new ArrayList<>();
    List<CompletableFuture<Integer>> answers = new CopyOnWriteArrayList<>();
    for (int c = 0; c < 4; c++) {
      String caller = "caller" + c;
      callers.add(new Thread(() -> {
        for (int i = 0; i < 250; i++) {
          gateway.note(caller + "-" + i);
          answers.add(gateway.increment());
        }
      }));
    }
    callers.forEach(Thread::start);
    for (Thread caller : callers) {
      caller.join();
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

    assertThat(counter.count).isEqualTo(1000);
    assertThat(counter.overlapped).isFalse();
    assertThat(answers).extracting(CompletableFuture::join).doesNotHaveDuplicates();
    for (int c = 0; c < 4; c++) {
      String caller = "caller" + c;
      assertThat(counter.notes.stream().filter(note -> note.startsWith(caller + "-")).toList())
          .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 250).mapToObj(i -> caller + "-" + i).toList());
    }
    // the caller's continuations do not run as the endpoint's main thread, also when the endpoint
    // completes the answer there (surefire runs with assertions on, which the check needs)
    CompletableFuture<Boolean> continuedInMainThread = gateway.incrementWhenReleased()
        .thenApply(count -> counter.runsAsMainThread());
    gateway.release();
    assertThat(continuedInMainThread.get(5, TimeUnit.SECONDS)).isFalse();
    assertThat(gateway.checkMainThread().get(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void anEndpointRefusesCallsUntilStartedAndTerminatesThroughOnStop() throws Exception {
    RpcService service = service("test");
    Counter counter = new Counter(service);
    CounterGateway early = service.connect(counter.getAddress(), CounterGateway.class).get();

    assertThatThrownBy(() -> early.increment().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(EndpointNotStartedException.class);

    counter.start();
    assertThat(early.increment().get(5, TimeUnit.SECONDS)).isEqualTo(1);

    counter.closeAsync().get(5, TimeUnit.SECONDS);
    assertThat(counter.stoppedInMainThread).isTrue();
    assertThatThrownBy(() -> early.increment().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RecipientUnreachableException.class);
    assertThatThrownBy(() -> service.connect(counter.getAddress(), CounterGateway.class).get())
        .hasCauseInstanceOf(RpcConnectionException.class);
    // the address is free again
    started(new Counter(service)).closeAsync().get(5, TimeUnit.SECONDS);
  }

  @Test
  void failuresTimeoutsAndBlockingCallsReachTheCaller() throws Exception {
    Configuration configuration = new Configuration();
    configuration.set(RpcOptions.ASK_TIMEOUT_DURATION, Duration.ofMillis(200));
    RpcService service = service("test", configuration);
    Counter counter = started(new Counter(service));
    CounterGateway gateway = service.connect(counter.getAddress(), CounterGateway.class).get();

    assertThatThrownBy(() -> gateway.fail().get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class)
        .hasRootCauseMessage("refused");
    assertThatThrownBy(() -> gateway.never(Duration.ofMillis(50)).get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TimeoutException.class);
    assertThatThrownBy(() -> gateway.neverWithDefaultTimeout().get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(TimeoutException.class);
    gateway.increment().get(5, TimeUnit.SECONDS);
    assertThat(gateway.countNow()).isEqualTo(1);
  }

  @Test
  void delayedRunnablesRunInTheMainThreadAfterTheirDelay() throws Exception {
    RpcService service = service("test");
    Counter counter = started(new Counter(service));
    CounterGateway gateway = service.connect(counter.getAddress(), CounterGateway.class).get();

    long sent = System.nanoTime();
    gateway.noteLater("late", 100);
    gateway.note("now");

    await().atMost(Duration.ofSeconds(5)).until(() -> counter.notes.contains("late"));
    assertThat(counter.notes).containsExactly("now", "late");
    assertThat(counter.lateNoteNanos - sent).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    assertThat(counter.overlapped).isFalse();
  }

  @Test
  void aFencedEndpointAnswersOnlyItsOwnFencingToken() throws Exception {
    RpcService service = service("test");
    UUID token = UUID.randomUUID();
    Fenced fenced = new Fenced(service, token);
    fenced.start();

    FencedGateway right = service.connect(fenced.getAddress(), token, FencedGateway.class).get();
    FencedGateway wrong = service.connect(fenced.getAddress(), UUID.randomUUID(), FencedGateway.class).get();

    assertThat(right.hello().get(5, TimeUnit.SECONDS)).isEqualTo("hello");
    assertThat(right.getFencingToken()).isEqualTo(token);
    assertThatThrownBy(() -> wrong.hello().get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(FencingTokenException.class);
    assertThat(fenced.getSelfGateway(FencedGateway.class).hello().get(5, TimeUnit.SECONDS)).isEqualTo("hello");
  }

  @Test
  void connectingFailsForAnUnknownAddressOrAGatewayTheEndpointDoesNotServe() throws Exception {
    RpcService service = service("test");
    Counter counter = started(new Counter(service));

    assertThatThrownBy(() -> service.connect("local://test/nobody", CounterGateway.class).get())
        .hasCauseInstanceOf(RpcConnectionException.class);
    assertThatThrownBy(() -> service.connect(counter.getAddress(), UUID.randomUUID(), FencedGateway.class).get())
        .hasCauseInstanceOf(HandshakeException.class);
  }

  @Test
  void endpointsOfTheSystemsOtherServicesAreReachableAndClosingStopsEveryThread() throws Exception {
    RpcService metrics = service("stray-metrics");
    RpcService main = service("stray");
    Counter counter = started(new Counter(metrics));

    CounterGateway gateway = main.connect(counter.getAddress(), CounterGateway.class).get();
    assertThat(gateway.increment().get(5, TimeUnit.SECONDS)).isEqualTo(1);

    main.closeAsync().get(5, TimeUnit.SECONDS);
    metrics.closeAsync().get(5, TimeUnit.SECONDS);
    assertThat(counter.stoppedInMainThread).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
        .noneMatch(thread -> thread.getName().startsWith("stray")));
  }

  private RpcService service(String name) throws Exception {
    return service(name, new Configuration());
  }

  private RpcService service(String name, Configuration configuration) throws Exception {
    RpcService service = system.localServiceBuilder(configuration).withComponentName(name).createAndStart();
    services.add(service);
    return service;
  }

  private static <E extends RpcEndpoint> E started(E endpoint) {
    endpoint.start();
    return endpoint;
  }

  /** What the test endpoint serves. */
  public interface CounterGateway extends RpcGateway {
    CompletableFuture<Integer> increment();

    void note(String note);

    void noteLater(String note, long delayMillis);

    CompletableFuture<String> fail();

    CompletableFuture<String> never(@RpcTimeout Duration timeout);

    CompletableFuture<String> neverWithDefaultTimeout();

    int countNow();

    CompletableFuture<Boolean> checkMainThread();

    CompletableFuture<Integer> incrementWhenReleased();

    void release();
  }

  /** Counts, and notes whether two of its calls ever ran at once. */
  static final class Counter extends RpcEndpoint implements CounterGateway {

    private final AtomicInteger running = new AtomicInteger();
    final List<String> notes = new CopyOnWriteArrayList<>();
    volatile int count;
    volatile boolean overlapped;
    volatile boolean stoppedInMainThread;
    volatile long lateNoteNanos;

    Counter(RpcService service) {
      super(service, "counter");
    }

    private void entered() {
      if (running.incrementAndGet() > 1) {
        overlapped = true;
      }
      validateRunsInMainThread();
      Thread.yield();
      running.decrementAndGet();
    }

    @Override
    public CompletableFuture<Integer> increment() {
      entered();
      return CompletableFuture.completedFuture(++count);
    }

    @Override
    public void note(String note) {
      entered();
      notes.add(note);
    }

    @Override
    public void noteLater(String note, long delayMillis) {
      scheduleRunAsync(() -> {
        entered();
        lateNoteNanos = System.nanoTime();
        notes.add(note);
      }, delayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<String> fail() {
      throw new IllegalStateException("refused");
    }

    @Override
    public CompletableFuture<String> never(Duration timeout) {
      return new CompletableFuture<>();
    }

    @Override
    public CompletableFuture<String> neverWithDefaultTimeout() {
      return new CompletableFuture<>();
    }

    @Override
    public int countNow() {
      return count;
    }

    private final List<CompletableFuture<Integer>> held = new ArrayList<>();

    @Override
    public CompletableFuture<Integer> incrementWhenReleased() {
      CompletableFuture<Integer> answer = new CompletableFuture<>();
      held.add(answer);
      return answer;
    }

    @Override
    public void release() {
      held.forEach(answer -> answer.complete(++count));
      held.clear();
    }

    @Override
    public CompletableFuture<Boolean> checkMainThread() {
      return CompletableFuture.completedFuture(runsAsMainThread());
    }

    boolean runsAsMainThread() {
      try {
        validateRunsInMainThread();
        return true;
      } catch (AssertionError e) {
        return false;
      }
    }

    @Override
    protected CompletableFuture<Void> onStop() {
      stoppedInMainThread = runsAsMainThread();
      return CompletableFuture.completedFuture(null);
    }
  }

  /** What the fenced test endpoint serves. */
  public interface FencedGateway extends FencedRpcGateway<UUID> {
    CompletableFuture<String> hello();
  }

  static final class Fenced extends FencedRpcEndpoint<UUID> implements FencedGateway {

    Fenced(RpcService service, UUID token) {
      super(service, token);
    }

    @Override
    public CompletableFuture<String> hello() {
      validateRunsInMainThread();
      return CompletableFuture.completedFuture("hello");
    }
  }
}
