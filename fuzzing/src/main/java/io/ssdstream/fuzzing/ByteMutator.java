package io.ssdstream.fuzzing;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of valid inputs, as coverage-blind fuzzers make them: bit flips, dictionary bytes and tokens,
 * cuts, insertions, deletions, duplicated ranges, a short range repeated many times (long containers, deep nesting)
 * and splices of two inputs. The same seed gives the same sequence, so a failure names everything needed to replay
 * it. Hand-written because the fuzzers that offer this (Jazzer, libFuzzer) drive coverage-guided runs of their own,
 * while these tests are plain, bounded, seeded JUnit loops.
 */
public final class ByteMutator {

    private static final int MAX_DUPLICATED = 64;
    private static final int MAX_REPEATS = 200;

    private final SplittableRandom random;
    private final List<byte[]> corpus;
    private final MutationDictionary dictionary;

    public ByteMutator(long seed, List<byte[]> corpus, MutationDictionary dictionary) {
        if (corpus.isEmpty()) {
            throw new IllegalArgumentException("the corpus of valid inputs is empty");
        }
        this.random = new SplittableRandom(seed);
        this.corpus = List.copyOf(corpus);
        this.dictionary = dictionary;
    }

    /** One to four stacked mutations of a corpus entry. */
    public byte[] next() {
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
            case 1 -> input[at] = (byte) dictionary.bytes()[random.nextInt(dictionary.bytes().length)];
            case 2 -> {
                byte[] token = dictionary.tokens().get(random.nextInt(dictionary.tokens().size()));
                return splice(input, at, Math.min(input.length, at + token.length), token);
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
                int end = Math.min(input.length, at + 1 + random.nextInt(MAX_DUPLICATED));
                return splice(input, end, end, Arrays.copyOfRange(input, at, end));
            }
            case 7 -> {
                int end = Math.min(input.length, at + 1 + random.nextInt(4));
                byte[] unit = Arrays.copyOfRange(input, at, end);
                byte[] repeated = new byte[unit.length * (2 + random.nextInt(MAX_REPEATS))];
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

    /** The input as hex, for a failure message that lets it be replayed by hand. */
    public static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }
}
