package dev.statefun.kafka.bench.jmh;

import java.lang.reflect.Field;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * The output of an operator under benchmark: counts what it gets and keeps the last value, like
 * a chained operator that takes records without copying them. The test harness's own output
 * copies every record into a queue (and, without an output serializer, looks up the record's
 * type information per record), a cost no real job has.
 */
final class DiscardingOutput<T> implements Output<StreamRecord<T>> {

  long records;
  long sideOutputRecords;
  Object last;

  /**
   * Sets the harness up with heap (hashmap) keyed state, puts a discarding output in place of
   * the harness's before the operator opens (operators build their collectors in {@code open()}),
   * and opens it.
   */
  static <T> DiscardingOutput<T> openWith(AbstractStreamOperatorTestHarness<T> harness) throws Exception {
    harness.setStateBackend(new HashMapStateBackend());
    harness.setup();
    DiscardingOutput<T> output = new DiscardingOutput<>();
    Field field = AbstractStreamOperator.class.getDeclaredField("output");
    field.setAccessible(true);
    field.set(harness.getOperator(), output);
    harness.open();
    return output;
  }

  @Override
  public void collect(StreamRecord<T> record) {
    records++;
    last = record.getValue();
  }

  @Override
  public <X> void collect(OutputTag<X> outputTag, StreamRecord<X> record) {
    sideOutputRecords++;
    last = record.getValue();
  }

  @Override
  public void emitWatermark(Watermark mark) {}

  @Override
  public void emitWatermarkStatus(WatermarkStatus watermarkStatus) {}

  @Override
  public void emitLatencyMarker(LatencyMarker latencyMarker) {}

  @Override
  public void emitRecordAttributes(RecordAttributes recordAttributes) {}

  @Override
  public void emitWatermark(WatermarkEvent watermark) {}

  @Override
  public void close() {}
}
