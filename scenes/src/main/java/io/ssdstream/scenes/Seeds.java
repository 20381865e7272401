package io.ssdstream.scenes;

import java.util.SplittableRandom;

/**
 * Independent random streams derived from one run seed and a key path, e.g. (seed, epoch, sample). Everything
 * random in the data pipeline draws from such a stream, so what a sample becomes depends only on the seed and
 * where the sample sits in the run — not on thread scheduling, nor on whether the run was interrupted and resumed.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private Seeds() {}

    /** A generator for the stream at {@code keys} under {@code seed}. */
    public static SplittableRandom stream(long seed, long... keys) {
        return new SplittableRandom(derive(seed, keys));
    }

    /** The 64-bit seed of the stream at {@code keys} under {@code seed}. */
    public static long derive(long seed, long... keys) {
        long h = mix(seed + GOLDEN_GAMMA);
        for (long key : keys) {
            h = mix(h ^ mix(key + GOLDEN_GAMMA));
        }
        return h;
    }

    /** SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection that scatters nearby inputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
