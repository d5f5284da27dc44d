#!/usr/bin/env bash
# Writes the class list StatefunClassPreinitializer loads in the background, from the class-load
# log of a statefun run of the bench:
#   java -jar bench/target/statefun-kafka-bench.jar --contenders statefun --rounds 1 --recovery-probes 0 \
#     --latency-rate 0 --jvm-opts "-Xmx1g -Xlog:class+load:file=/tmp/cl-%p.log:uptime"
#   bench/preload-classes.sh "$(grep -l StatefunCounterApp /tmp/cl-*.log | head -1)"
# It keeps what was loaded after Spring Boot's preinitializer began, from jars, of Flink, Kafka,
# this runtime, Spring and their helpers, in first-load order (generated classes left out).
set -euo pipefail
log=${1:?class-load log}
out=statefun-kafka-autoconfigure/src/main/resources/META-INF/statefun-kafka/preload-classes.txt
{
  echo "# Classes a starting job loads (Flink, Kafka, this runtime), in the order a run of the bench's counter first loaded them;"
  echo "# read by StatefunClassPreinitializer. Regenerate after a Flink or Kafka upgrade: bench/preload-classes.sh."
  awk '/BackgroundPreinitializingApplicationListener\$Runner /{on=1} on' "$log" \
    | grep 'source: file:' | awk '{print $2}' \
    | grep -E '^(org\.apache\.flink|org\.apache\.kafka|dev\.statefun\.kafka|org\.apache\.commons|org\.snakeyaml\.engine|org\.springframework)\.' \
    | grep -vE '^dev\.statefun\.kafka\.bench|\$\$Lambda|\$\$SpringCGLIB|\$Proxy' \
    | awk '!seen[$0]++'
} > "$out"
echo "$(grep -vc '^#' "$out") classes in $out"
