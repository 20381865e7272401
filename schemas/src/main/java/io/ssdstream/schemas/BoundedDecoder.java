package io.ssdstream.schemas;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of an in-memory datum that refuses to believe sizes the remaining bytes cannot hold.
 *
 * <p>Avro allocates a string, byte buffer or collection of the length a datum declares before reading its content.
 * In garbage or truncated input such a length is an arbitrary number up to 2^31, so a plain decoder can spend
 * gigabytes of heap on one bad message. Here a string or bytes value may not be longer than the bytes left, and an
 * array or map may not declare more items than bytes left: every array item and map entry of the contracts in this
 * module occupies at least one byte. Violations surface as {@link EOFException}, the same as any other early end.
 */
final class BoundedDecoder extends Decoder {

    private final ByteArrayInputStream input;
    private final BinaryDecoder binary;
    private final int end;

    BoundedDecoder(byte[] message, int offset) {
        this.input = new ByteArrayInputStream(message, offset, message.length - offset);
        this.binary = DecoderFactory.get().directBinaryDecoder(input, null);
        this.end = message.length;
    }

    /** Offset of the next unread byte in the message. */
    int position() {
        return end - input.available();
    }

    boolean atEnd() {
        return input.available() == 0;
    }

    @Override
    public void readNull() throws IOException {
        binary.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return binary.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return binary.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return binary.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return binary.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return binary.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        requireLengthFits("string");
        return binary.readString(old);
    }

    @Override
    public String readString() throws IOException {
        requireLengthFits("string");
        return binary.readString();
    }

    @Override
    public void skipString() throws IOException {
        binary.skipString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        requireLengthFits("bytes value");
        return binary.readBytes(old);
    }

    @Override
    public void skipBytes() throws IOException {
        binary.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        binary.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        binary.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return binary.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return itemsThatFit(binary.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return itemsThatFit(binary.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return itemsThatFit(binary.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return itemsThatFit(binary.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return itemsThatFit(binary.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return itemsThatFit(binary.skipMap(), "map");
    }

    @Override
    public int readIndex() throws IOException {
        return binary.readIndex();
    }

    /** Peeks at the length prefix of the next string or bytes value, leaving it unread for the delegate. */
    private void requireLengthFits(String what) throws IOException {
        input.mark(0);
        int lengthAt = position();
        long length = binary.readLong();
        int left = input.available();
        input.reset();
        if (length > left) {
            throw new EOFException(what + " at byte " + lengthAt + " declares " + length + " bytes, only " + left
                    + " left");
        }
    }

    private long itemsThatFit(long items, String what) throws EOFException {
        int left = input.available();
        if (items > left) {
            throw new EOFException(what + " block before byte " + position() + " declares " + items
                    + " items, only " + left + " bytes left");
        }
        return items;
    }
}
