package io.ssdstream.ssd.io;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid weight files, as coverage-blind fuzzers make them: bit flips, bytes and little-endian
 * 32- and 64-bit words set to boundary values (what a corrupt length, offset, count or opcode looks like), cuts,
 * insertions, deletions, duplicated ranges and splices of two inputs. The same seed gives the same sequence.
 */
final class WeightFileMutator {

    private static final int[] INTERESTING_BYTES = {0x00, 0x01, 0x7F, 0x80, 0xFF, '(', ')', ']', '}', 'a', 's', 'u',
            't', 'h', 'q', 'R', 'b', 'Q', 'i', 'o', 0x85, 0x93, 0x95, '{', '[', '"', ',', ':'};
    private static final long[] INTERESTING_WORDS = {0, 1, -1, 0x7F, 0xFF, 0x7FFF_FFFFL, 0x8000_0000L,
            0xFFFF_FFFFL, 1L << 32, Long.MAX_VALUE, Long.MIN_VALUE};

    private final SplittableRandom random;
    private final List<byte[]> corpus;

    WeightFileMutator(long seed, List<byte[]> corpus) {
        this.random = new SplittableRandom(seed);
        this.corpus = corpus;
    }

    /** One to four stacked mutations of a corpus entry. */
    byte[] next() {
        byte[] input = corpus.get(random.nextInt(corpus.size())).clone();
        for (int steps = 1 + random.nextInt(4); steps > 0; steps--) {
            input = mutate(input);
        }
        return input;
    }

    private byte[] mutate(byte[] input) {
        if (input.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextInt(input.length);
        switch (random.nextInt(9)) {
            case 0 -> input[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> input[at] = (byte) INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
            case 2 -> {
                long word = INTERESTING_WORDS[random.nextInt(INTERESTING_WORDS.length)];
                int width = random.nextBoolean() ? 4 : 8;
                for (int i = 0; i < width && at + i < input.length; i++) {
                    input[at + i] = (byte) (word >>> (8 * i));
                }
            }
            case 3 -> {
                return Arrays.copyOf(input, at);
            }
            case 4 -> {
                byte[] inserted = new byte[1 + random.nextInt(8)];
                random.nextBytes(inserted);
                return splice(input, at, at, inserted);
            }
            case 5 -> {
                return splice(input, at, Math.min(input.length, at + 1 + random.nextInt(16)), new byte[0]);
            }
            case 6 -> {
                int end = Math.min(input.length, at + 1 + random.nextInt(64));
                return splice(input, end, end, Arrays.copyOfRange(input, at, end));
            }
            case 7 -> {
                // a whole range repeated many times: long containers, deep nesting, many entries
                int end = Math.min(input.length, at + 1 + random.nextInt(4));
                byte[] unit = Arrays.copyOfRange(input, at, end);
                byte[] repeated = new byte[unit.length * (2 + random.nextInt(200))];
                for (int i = 0; i < repeated.length; i++) {
                    repeated[i] = unit[i % unit.length];
                }
                return splice(input, end, end, repeated);
            }
            default -> {
                byte[] other = corpus.get(random.nextInt(corpus.size()));
                int from = random.nextInt(other.length + 1);
                return splice(input, at, input.length, Arrays.copyOfRange(other, from, other.length));
            }
        }
        return input;
    }

    private static byte[] splice(byte[] input, int from, int to, byte[] replacement) {
        byte[] out = new byte[input.length - (to - from) + replacement.length];
        System.arraycopy(input, 0, out, 0, from);
        System.arraycopy(replacement, 0, out, from, replacement.length);
        System.arraycopy(input, to, out, from + replacement.length, input.length - to);
        return out;
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("%02x", b));
        }
        return text.toString();
    }
}
