package io.ssdstream.fuzzing;

import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What a format's corrupt inputs tend to contain, as a fuzzer's dictionary: single bytes on the edges of its
 * encoding (markers, opcodes, sign and continuation bits) and multi-byte tokens written over the input (a garbage
 * length, count or offset as that format encodes it).
 *
 * @param bytes values a single byte is set to
 * @param tokens byte sequences written over the input at a random place, extending it at its end
 */
public record MutationDictionary(int[] bytes, List<byte[]> tokens) {

    public MutationDictionary {
        if (bytes.length == 0 || tokens.isEmpty()) {
            throw new IllegalArgumentException("a mutation dictionary needs at least one byte and one token");
        }
        bytes = bytes.clone();
        tokens = tokens.stream().map(byte[]::clone).toList();
    }

    /** Little-endian encodings of {@code values} in 4 and in 8 bytes: lengths and offsets of binary formats. */
    public static List<byte[]> littleEndianWords(long... values) {
        return LongStream.of(values).boxed()
                .flatMap(value -> Stream.of(littleEndian(value, 4), littleEndian(value, 8)))
                .toList();
    }

    private static byte[] littleEndian(long value, int width) {
        byte[] word = new byte[width];
        for (int i = 0; i < width; i++) {
            word[i] = (byte) (value >>> (8 * i));
        }
        return word;
    }
}
