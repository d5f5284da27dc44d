package dev.statefun.kafka.runtime.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the cluster says about a running job: its id, state, restarts so far and last completed
 * checkpoint. The embedded MiniCluster answers itself (it may run without a REST endpoint); a
 * remote cluster through its REST API.
 *
 * @param restarts restarts so far, or -1 when the cluster did not say
 */
public record JobOverview(String jobId, JobStatus state, long restarts, Optional<Checkpoint> lastCheckpoint) {

  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** A completed checkpoint. */
  public record Checkpoint(long id, Instant completedAt, String path) {

    public Duration age() {
      return Duration.between(completedAt, Instant.now());
    }
  }

  /** The overview of the runner's job, once it was submitted. */
  public static Optional<JobOverview> of(JobRunner runner) throws Exception {
    return runner.overview();
  }

  /** The overview from the cluster's REST API; restarts and checkpoint are left out when it does not answer. */
  static Optional<JobOverview> fromRestApi(JobRunner runner) throws Exception {
    var jobId = runner.jobId();
    if (jobId.isEmpty()) {
      return Optional.empty();
    }
    JobStatus state = runner.status();
    Optional<URI> rest = runner.restAddress();
    long restarts = -1;
    Optional<Checkpoint> checkpoint = Optional.empty();
    if (rest.isPresent()) {
      String job = "jobs/" + jobId.get();
      HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
      restarts = get(http, rest.get(), job + "/metrics?get=numRestarts")
          .filter(JsonNode::isArray).filter(values -> !values.isEmpty())
          .map(values -> Long.parseLong(values.get(0).path("value").asString("-1"))).orElse(-1L);
      checkpoint = get(http, rest.get(), job + "/checkpoints")
          .map(checkpoints -> checkpoints.path("latest").path("completed"))
          .filter(completed -> completed.isObject())
          .map(completed -> new Checkpoint(completed.path("id").asLong(),
              Instant.ofEpochMilli(completed.path("latest_ack_timestamp").asLong()),
              completed.path("external_path").asString(null)));
    }
    return Optional.of(new JobOverview(jobId.get().toString(), state, restarts, checkpoint));
  }

  private static Optional<JsonNode> get(HttpClient http, URI rest, String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(rest.resolve("/" + path)).timeout(TIMEOUT).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
