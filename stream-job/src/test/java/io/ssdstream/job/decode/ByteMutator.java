package io.ssdstream.job.decode;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid images, as coverage-blind fuzzers make them: bit flips, boundary values and marker codes,
 * huge length fields, cuts, insertions, deletions, duplicated ranges and splices of two inputs. The same seed gives the same
 * sequence, so a failure names everything needed to replay it.
 */
final class ByteMutator {

    /** Byte extremes, sign bits, and JPEG marker codes (frame headers, tables, restart, SOI, EOI, SOS). */
    private static final int[] INTERESTING = {0x00, 0x01, 0x7F, 0x80, 0xFF, 0xC0, 0xC2, 0xC4, 0xD0, 0xD8, 0xD9, 0xDA};

    private final SplittableRandom random;
    private final List<byte[]> corpus;

    ByteMutator(long seed, List<byte[]> corpus) {
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
        switch (random.nextInt(8)) {
            case 0 -> input[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> input[at] = (byte) INTERESTING[random.nextInt(INTERESTING.length)];
            case 2 -> {
                // a run of high bytes: a huge length or size field, or a marker prefix
                byte[] varint = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
                return splice(input, at, at + Math.min(varint.length, input.length - at), varint);
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
                int end = Math.min(input.length, at + 1 + random.nextInt(32));
                return splice(input, end, end, Arrays.copyOfRange(input, at, end));
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
