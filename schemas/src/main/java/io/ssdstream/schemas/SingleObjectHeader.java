package io.ssdstream.schemas;

import io.ssdstream.schemas.WireFormatException.Reason;

/**
 * The 10-byte header of Avro single-object encoding: the marker {@code C3 01}, then the CRC-64-AVRO fingerprint of
 * the writer schema's Parsing Canonical Form as 8 bytes, least significant byte first. The Avro binary datum
 * follows it directly.
 */
public final class SingleObjectHeader {

    /** Header size in bytes; the datum starts at this offset. */
    public static final int LENGTH = 10;

    private static final byte[] MARKER = {(byte) 0xC3, (byte) 0x01};
    /** Offset of the fingerprint, the first byte after the marker. */
    static final int FINGERPRINT_OFFSET = MARKER.length;

    private SingleObjectHeader() {
    }

    /** The header announcing a datum written with the schema of this fingerprint. */
    public static byte[] of(long fingerprint) {
        byte[] header = new byte[LENGTH];
        System.arraycopy(MARKER, 0, header, 0, MARKER.length);
        for (int i = 0; i < Long.BYTES; i++) {
            header[FINGERPRINT_OFFSET + i] = (byte) (fingerprint >>> (8 * i));
        }
        return header;
    }

    /**
     * The writer-schema fingerprint announced by a message.
     *
     * @param recordType the record type the caller expects, named in errors
     * @throws WireFormatException if the message is empty, lacks the marker or ends inside the header
     */
    public static long fingerprint(byte[] message, String recordType) throws WireFormatException {
        if (message == null || message.length == 0) {
            String what = message == null ? "no message (null)" : "no message (0 bytes)";
            throw new WireFormatException(Reason.EMPTY, recordType, 0, 0, what, null);
        }
        for (int i = 0; i < Math.min(message.length, MARKER.length); i++) {
            if (message[i] != MARKER[i]) {
                throw new WireFormatException(Reason.BAD_MAGIC, recordType, message.length, i, String.format(
                        "not a single-object Avro message: byte %d is 0x%02X, expected 0x%02X (header C3 01)",
                        i, message[i], MARKER[i]), null);
            }
        }
        if (message.length < LENGTH) {
            throw new WireFormatException(Reason.TRUNCATED, recordType, message.length, message.length,
                    "message ends inside the " + LENGTH + "-byte single-object header", null);
        }
        long fingerprint = 0;
        for (int i = Long.BYTES - 1; i >= 0; i--) {
            fingerprint = (fingerprint << 8) | (message[FINGERPRINT_OFFSET + i] & 0xFFL);
        }
        return fingerprint;
    }
}
