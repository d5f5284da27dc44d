package dev.statefun.kafka.runtime.envelope;

import dev.statefun.kafka.sdk.Address;

/**
 * What crosses the shuffle to the dispatcher: the target address, the caller (for a message
 * from a function) and the payload, either an ingress record still in bytes or an encoded
 * message with its type name.
 *
 * <p>Internal. Serialized by {@link EnvelopeSerializer}, never by Kryo.
 */
public final class Envelope {

  private final Address target;
  private final Address caller;
  private final IngressRecord record;
  private final String messageType;
  private final byte[] messageBytes;

  private Envelope(Address target, Address caller, IngressRecord record, String messageType, byte[] messageBytes) {
    this.target = target;
    this.caller = caller;
    this.record = record;
    this.messageType = messageType;
    this.messageBytes = messageBytes;
  }

  /** A record of an ingress for a target. */
  public static Envelope ofRecord(Address target, IngressRecord record) {
    return new Envelope(target, null, record, null, null);
  }

  /** An encoded message for a target, from a caller ({@code null} for an ingress). */
  public static Envelope ofMessage(Address target, Address caller, String messageType, byte[] messageBytes) {
    return new Envelope(target, caller, null, messageType, messageBytes);
  }

  public Address target() {
    return target;
  }

  /** The sending function, or {@code null}. */
  public Address caller() {
    return caller;
  }

  public boolean isRecord() {
    return record != null;
  }

  public IngressRecord record() {
    return record;
  }

  public String messageType() {
    return messageType;
  }

  public byte[] messageBytes() {
    return messageBytes;
  }

  /**
   * The key the job is partitioned by: the target's id. Addresses of different function types
   * with the same id share a key, and so a parallel instance; their state stays apart because
   * every state name carries its function type. A key of just the id is what the record key
   * already is: nothing is built or hashed beyond it per record.
   */
  public String key() {
    return target.id();
  }

  @Override
  public String toString() {
    return "Envelope{to=" + target + (caller == null ? "" : ", from=" + caller)
        + (record != null ? ", " + record.position() : ", " + messageType) + "}";
  }
}
