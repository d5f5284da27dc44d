package dev.statefun.kafka.runtime.feedback;

import java.util.ArrayDeque;
import java.util.Collection;
import org.apache.flink.core.memory.MemorySegment;
import org.apache.flink.core.memory.MemorySegmentFactory;
import org.apache.flink.core.memory.MemorySegmentSource;

/**
 * The heap pages the head's logs may hold in memory, up to a bound; past it a log writes to
 * disk. Used on the head's task thread only. Internal.
 */
final class LogMemory implements MemorySegmentSource {

  static final int PAGE_SIZE = 16 * 1024;

  private final long bound;
  private final ArrayDeque<MemorySegment> free = new ArrayDeque<>();
  private long allocated;

  LogMemory(long bound) {
    this.bound = bound;
  }

  /** A page, or {@code null} when the bound is reached: the caller spills. */
  @Override
  public MemorySegment nextSegment() {
    MemorySegment page = free.poll();
    if (page != null) {
      return page;
    }
    return allocated + PAGE_SIZE <= bound ? allocate() : null;
  }

  /** A page even past the bound: every key group's log needs one to start with. */
  MemorySegment firstSegment() {
    MemorySegment page = nextSegment();
    return page != null ? page : allocate();
  }

  void release(Collection<MemorySegment> pages) {
    for (MemorySegment page : pages) {
      if (allocated > bound) {
        allocated -= PAGE_SIZE;
      } else {
        free.add(page);
      }
    }
  }

  long allocated() {
    return allocated;
  }

  private MemorySegment allocate() {
    allocated += PAGE_SIZE;
    return MemorySegmentFactory.allocateUnpooledSegment(PAGE_SIZE);
  }
}
