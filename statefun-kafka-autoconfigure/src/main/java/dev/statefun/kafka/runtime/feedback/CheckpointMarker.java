package dev.statefun.kafka.runtime.feedback;

/**
 * What the tail of the loop puts in its channel once it has seen a checkpoint's barrier from
 * every dispatcher: everything it handed over before the marker was sent before that
 * checkpoint, everything after it was sent after. Internal.
 */
record CheckpointMarker(long checkpointId) {}
