package io.ssdstream.trainer.augment;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A random generator that returns the draws a test scripts, in order, and fails on any draw it did not expect. */
final class ScriptedRandom implements RandomGenerator {

    private final Deque<Double> doubles = new ArrayDeque<>();
    private final Deque<Integer> ints = new ArrayDeque<>();

    ScriptedRandom draws(double... values) {
        for (double v : values) {
            doubles.add(v);
        }
        return this;
    }

    ScriptedRandom picks(int... values) {
        for (int v : values) {
            ints.add(v);
        }
        return this;
    }

    boolean exhausted() {
        return doubles.isEmpty() && ints.isEmpty();
    }

    @Override
    public double nextDouble() {
        if (doubles.isEmpty()) {
            throw new AssertionError("unexpected nextDouble()");
        }
        return doubles.poll();
    }

    @Override
    public int nextInt(int bound) {
        if (ints.isEmpty()) {
            throw new AssertionError("unexpected nextInt(" + bound + ")");
        }
        int value = ints.poll();
        if (value < 0 || value >= bound) {
            throw new AssertionError("scripted " + value + " outside [0, " + bound + ")");
        }
        return value;
    }

    @Override
    public long nextLong() {
        throw new AssertionError("unexpected nextLong()");
    }
}
