package io.ssdstream.schemas;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A message that cannot be written to or read from the wire format of {@link WireCodec}, with what went wrong
 * ({@link Reason}), which record type was involved and where in the message it was noticed.
 *
 * <p>Checked, because every consumer of a topic meets bad input sooner or later and has to decide what to do with
 * it (typically: publish a {@link FrameRejected}); the reason maps onto a {@link RejectReason}
 * ({@link Reason#deadLetterReason()}).
 */
public final class WireFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * What is wrong with the message, and the {@link RejectReason} a dead letter of it carries: {@code UNDECODABLE}
     * for bytes that are not a well-formed message (replaying them fails again), {@code SCHEMA_MISMATCH} for a
     * well-formed message whose writer schema this reader lacks (replay it once the reader knows that schema).
     */
    public enum Reason {
        /** Null or zero bytes, for example a Kafka tombstone. */
        EMPTY(RejectReason.UNDECODABLE),
        /** The first two bytes are not the single-object marker C3 01: not a single-object Avro message. */
        BAD_MAGIC(RejectReason.UNDECODABLE),
        /** The message ends before the header or the datum is complete. */
        TRUNCATED(RejectReason.UNDECODABLE),
        /** The writer schema's fingerprint is neither the reader's schema nor in its store of writer schemas. */
        UNKNOWN_FINGERPRINT(RejectReason.SCHEMA_MISMATCH),
        /** The writer schema is known but its data cannot be resolved into the reader's schema. */
        INCOMPATIBLE_SCHEMA(RejectReason.SCHEMA_MISMATCH),
        /** The datum bytes are not a valid encoding under the writer schema. */
        MALFORMED_DATUM(RejectReason.UNDECODABLE),
        /** Bytes are left over after a complete datum. */
        TRAILING_BYTES(RejectReason.UNDECODABLE),
        /** A datum to be written does not satisfy its schema, for example a null in a non-null field. */
        UNENCODABLE(null);

        private final RejectReason deadLetterReason;

        Reason(RejectReason deadLetterReason) {
            this.deadLetterReason = deadLetterReason;
        }

        /**
         * The reason code of the dead letter for a message that failed to read this way, as docs/contracts.md lists
         * it; empty for {@link #UNENCODABLE}, which only writing raises.
         */
        public Optional<RejectReason> deadLetterReason() {
            return Optional.ofNullable(deadLetterReason);
        }
    }

    private final Reason reason;
    private final String recordType;
    private final int byteLength;
    private final int offset;

    WireFormatException(Reason reason, String recordType, int byteLength, int offset, String detail,
            Throwable cause) {
        super(describe(reason, recordType, byteLength, offset, detail), cause);
        this.reason = reason;
        this.recordType = recordType;
        this.byteLength = byteLength;
        this.offset = offset;
    }

    /** Failure while writing, where there are no message bytes to point into. */
    static WireFormatException unencodable(String recordType, String detail, Throwable cause) {
        return new WireFormatException(Reason.UNENCODABLE, recordType, -1, -1, detail, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** Full name of the record type being written or read, for example {@code io.ssdstream.schemas.VideoFrame}. */
    public String recordType() {
        return recordType;
    }

    /** Length of the message being read, in bytes; empty when writing. */
    public OptionalInt byteLength() {
        return byteLength < 0 ? OptionalInt.empty() : OptionalInt.of(byteLength);
    }

    /** Position in the message, in bytes from its start, where the problem was noticed; empty when writing. */
    public OptionalInt offset() {
        return offset < 0 ? OptionalInt.empty() : OptionalInt.of(offset);
    }

    private static String describe(Reason reason, String recordType, int byteLength, int offset, String detail) {
        StringBuilder text = new StringBuilder(recordType).append(": ").append(detail).append(" [").append(reason);
        if (byteLength >= 0) {
            text.append(", message of ").append(byteLength).append(" bytes");
        }
        if (offset >= 0) {
            text.append(", at byte ").append(offset);
        }
        return text.append(']').toString();
    }
}
