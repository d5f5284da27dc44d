package dev.statefun.kafka.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.statefun.kafka.messaging.ModelApplication.Batch;
import dev.statefun.kafka.messaging.ModelApplication.Cmd;
import dev.statefun.kafka.testing.TestBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A randomized model test in the spirit of StateFun's smoke test. Random command trees (count
 * up, write a line, send to another address, send after a delay) run over hundreds of
 * addresses of two function types on two and on four parallel instances, so messages take both
 * the in-place path and the feedback loop; the job fails twice after a completed checkpoint, amid traffic. The
 * read_committed output is compared with a simple in-memory model: every line exactly once, and
 * each address's counts 1..n in order. Seeded and reproducible: {@code -Dstatefun.model.seed=N}.
 */
class RandomizedModelITCase {

  static final TestBroker BROKER = TestBroker.start();
  static final long SEED = Long.getLong("statefun.model.seed", 20240607L);
  static final int ADDRESSES_PER_TYPE = 200;
  static final int TREES = 300;
  static final int MAX_DEPTH = 3;

  @TempDir
  static Path checkpoints;

  @AfterAll
  static void closeBroker() {
    BROKER.close();
  }

  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {2, 4})
  void outputMatchesTheModelExactlyOnceAcrossAJobFailure(int parallelism) throws Exception {
    ModelApplication.FAILED_ONCE.clear();
    Model model = new Model(new Random(SEED));
    List<Map.Entry<String, String>> first = new ArrayList<>();
    List<Map.Entry<String, String>> second = new ArrayList<>();
    for (int i = 0; i < TREES; i++) {
      (i < TREES / 2 ? first : second).add(model.tree());
    }
    // the failing tree sits amid the second half, so effects of the trees before it are in flight
    second.add(second.size() * 2 / 3, model.failingTree());

    try (TestApp app = TestApp.start(ModelApplication.class, BROKER, checkpoints.resolve("p" + parallelism),
        "model-p" + parallelism, parallelism, "test/a", Map.of())) {
      app.send(first);
      // a committed line means a checkpoint has completed: the failure comes after it
      app.awaitLine(" ", Duration.ofSeconds(60));
      app.send(second);

      List<String> lines = app.committedLines(model.expected.size(), Duration.ofSeconds(120), Duration.ofSeconds(3));

      assertThat(ModelApplication.FAILED_ONCE).as("both injected failures happened").hasSize(2);
      model.verify(lines);
    }
  }

  /** Generates command trees and knows the output they must produce. */
  static final class Model {
    final Random random;
    /** Expected line (without counts) -> address. */
    final Map<String, String> expected = new LinkedHashMap<>();
    final Map<String, Integer> increments = new HashMap<>();
    long nextId;

    Model(Random random) {
      this.random = random;
    }

    Map.Entry<String, String> tree() {
      int root = random.nextInt(ADDRESSES_PER_TYPE);
      String at = "test/a/k" + root;
      return Map.entry("k" + root, ModelApplication.JSON.writeValueAsString(new Batch(batch(at, 0))));
    }

    /**
     * A tree that fails once at its root, after an increment and a send and before a line, and
     * whose second hop fails once too (by then the first failure's restore is done).
     */
    Map.Entry<String, String> failingTree() {
      int target = random.nextInt(ADDRESSES_PER_TYPE);
      String there = "test/b/k" + target;
      List<Cmd> second = new ArrayList<>();
      second.add(inc(there));
      second.add(new Cmd(nextId++, "fail", null, 0, 0, List.of()));
      second.add(emit(there));
      String root = "test/a/k0";
      List<Cmd> first = new ArrayList<>();
      first.add(inc(root));
      first.add(new Cmd(nextId++, "send", "b", target, 0, second));
      first.add(new Cmd(nextId++, "fail", null, 0, 0, List.of()));
      first.add(emit(root));
      return Map.entry("k0", ModelApplication.JSON.writeValueAsString(new Batch(first)));
    }

    private List<Cmd> batch(String at, int depth) {
      List<Cmd> commands = new ArrayList<>();
      int size = 1 + random.nextInt(3);
      for (int i = 0; i < size; i++) {
        int dice = random.nextInt(100);
        if (depth >= MAX_DEPTH || dice < 50) {
          commands.add(dice % 3 == 0 ? emit(at) : inc(at));
        } else {
          String type = random.nextBoolean() ? "a" : "b";
          int target = random.nextInt(ADDRESSES_PER_TYPE);
          String there = "test/" + type + "/k" + target;
          boolean delayed = dice >= 80;
          commands.add(new Cmd(nextId++, delayed ? "send-after" : "send", type, target,
              delayed ? random.nextInt(500) : 0, batch(there, depth + 1)));
        }
      }
      return commands;
    }

    private Cmd inc(String at) {
      Cmd command = new Cmd(nextId++, "inc", null, 0, 0, List.of());
      expected.put(at + " inc " + command.id(), at);
      increments.merge(at, 1, Integer::sum);
      return command;
    }

    private Cmd emit(String at) {
      Cmd command = new Cmd(nextId++, "emit", null, 0, 0, List.of());
      expected.put(at + " emit " + command.id(), at);
      return command;
    }

    void verify(List<String> lines) {
      Map<String, Integer> seen = new TreeMap<>();
      Map<String, List<Long>> counts = new TreeMap<>();
      for (String line : lines) {
        String[] words = line.split(" ");
        String withoutCount = words[1].equals("inc") ? words[0] + " inc " + words[2] : line;
        seen.merge(withoutCount, 1, Integer::sum);
        if (words[1].equals("inc")) {
          counts.computeIfAbsent(words[0], k -> new ArrayList<>()).add(Long.parseLong(words[3]));
        }
      }
      List<String> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
      List<String> missing = expected.keySet().stream().filter(line -> !seen.containsKey(line)).toList();
      List<String> unexpected = seen.keySet().stream().filter(line -> !expected.containsKey(line)).toList();
      String seed = "seed " + SEED + ": ";
      assertThat(duplicated).as(seed + "duplicated lines").isEmpty();
      assertThat(missing).as(seed + "missing lines").isEmpty();
      assertThat(unexpected).as(seed + "unexpected lines").isEmpty();
      increments.forEach((address, n) -> {
        List<Long> oneToN = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
          oneToN.add(i);
        }
        assertThat(counts.get(address)).as(seed + "counts of %s in output order", address).isEqualTo(oneToN);
      });
      assertThat(expected.size()).as("the model is not trivial").isGreaterThan(1000);
    }
  }
}
