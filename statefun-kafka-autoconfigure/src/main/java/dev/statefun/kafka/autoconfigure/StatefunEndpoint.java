package dev.statefun.kafka.autoconfigure;

import dev.statefun.kafka.io.HttpFunctionEndpointSpec;
import dev.statefun.kafka.io.KafkaEgressSpec;
import dev.statefun.kafka.io.KafkaIngressSpec;
import dev.statefun.kafka.io.KafkaIngressTopic;
import dev.statefun.kafka.runtime.KafkaSecrets;
import dev.statefun.kafka.runtime.RuntimeSettings;
import dev.statefun.kafka.runtime.cluster.JobOverview;
import dev.statefun.kafka.runtime.cluster.JobRunner;
import dev.statefun.kafka.runtime.universe.StatefulFunctionsUniverse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The actuator endpoint {@code statefun}. Read ({@code GET /actuator/statefun}): the job (id,
 * state, mode, parallelism, last checkpoint) and what is bound (ingresses, egresses, function
 * types, remote endpoints), with Kafka client settings sanitized. Write ({@code POST
 * /actuator/statefun}, needs {@code management.endpoint.statefun.access=unrestricted}): takes a
 * savepoint now and returns its path.
 */
@Endpoint(id = "statefun", defaultAccess = Access.READ_ONLY)
public class StatefunEndpoint {

  private final StatefunJobLifecycle job;
  private final StatefulFunctionsUniverse universe;
  private final StatefunFlinkProperties flink;

  public StatefunEndpoint(StatefunJobLifecycle job, StatefulFunctionsUniverse universe, StatefunFlinkProperties flink) {
    this.job = job;
    this.universe = universe;
    this.flink = flink;
  }

  @ReadOperation
  public Map<String, Object> statefun() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("job", job());
    body.put("ingresses", universe.ingresses().stream().map(this::ingress).toList());
    body.put("egresses", universe.egresses().stream().map(this::egress).toList());
    body.put("functionTypes", universe.boundFunctionTypes());
    body.put("endpoints", universe.endpoints().stream().map(StatefunEndpoint::endpoint).toList());
    body.put("kafkaClientSettings", KafkaSecrets.sanitized(universe.kafkaClientSettings().asMap()));
    return body;
  }

  /** Takes a savepoint of the running job in the checkpoint directory; the job goes on. */
  @WriteOperation
  public Map<String, Object> savepoint() throws Exception {
    JobRunner runner = job.jobRunner().orElseThrow(() -> new IllegalStateException("The job does not run"));
    return Map.of("savepoint", runner.savepoint());
  }

  private Map<String, Object> job() {
    RuntimeSettings settings = job.settings();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("application", settings.applicationId());
    details.put("mode", flink.getMode().name().toLowerCase().replace('_', '-'));
    details.put("parallelism", settings.parallelism());
    details.put("checkpointInterval", settings.checkpointInterval().toString());
    details.put("checkpointDir", settings.checkpointDir());
    Optional<JobOverview> overview = overview();
    details.put("state", overview.map(o -> o.state().name()).orElse("NOT_RUNNING"));
    overview.ifPresent(o -> {
      details.put("id", o.jobId());
      details.put("restarts", o.restarts());
      o.lastCheckpoint().ifPresent(checkpoint -> {
        Map<String, Object> last = new LinkedHashMap<>();
        last.put("id", checkpoint.id());
        last.put("ageSeconds", checkpoint.age().toMillis() / 1000.0);
        last.put("path", checkpoint.path());
        details.put("lastCheckpoint", last);
      });
    });
    job.jobRunner().flatMap(JobRunner::restoredFrom).ifPresent(path -> details.put("restoredFrom", path));
    return details;
  }

  private Optional<JobOverview> overview() {
    try {
      return job.jobRunner().isEmpty() ? Optional.empty() : JobOverview.of(job.jobRunner().get());
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private Map<String, Object> ingress(KafkaIngressSpec<?> spec) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("id", spec.id().toString());
    details.put("address", spec.kafkaAddress().orElse(job.settings().defaultKafkaAddress()));
    details.put("consumerGroupId", spec.consumerGroupId());
    details.put("topics", spec.topics().stream().map(KafkaIngressTopic::topic).toList());
    details.put("targets", spec.targets().stream().map(Object::toString).toList());
    details.put("startupPosition", spec.startupPosition().toString());
    details.put("onDeserializationError", spec.deserializationErrorPolicy().name().toLowerCase().replace('_', '-'));
    spec.deadLetterTopic().ifPresent(topic -> details.put("deadLetterTopic", topic));
    details.put("properties", KafkaSecrets.sanitized(spec.properties()));
    return details;
  }

  private Map<String, Object> egress(KafkaEgressSpec<?> spec) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("id", spec.id().toString());
    details.put("address", spec.kafkaAddress().orElse(job.settings().defaultKafkaAddress()));
    details.put("deliverySemantic", spec.deliverySemantic().name().toLowerCase().replace('_', '-'));
    details.put("transactionTimeout", spec.transactionTimeout().toString());
    spec.defaultTopic().ifPresent(topic -> details.put("topic", topic));
    details.put("properties", KafkaSecrets.sanitized(spec.properties()));
    return details;
  }

  private static Map<String, Object> endpoint(HttpFunctionEndpointSpec spec) {
    return Map.of("functions", spec.functions(), "urlPathTemplate", spec.urlPathTemplate(),
        "maxNumBatchRequests", spec.maxNumBatchRequests(), "maxConnections", spec.maxConnections(),
        "callTimeout", spec.callTimeout().toString(),
        "connectTimeout", spec.connectTimeout().toString());
  }

}
