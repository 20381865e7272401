package io.ssdstream.producer;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The time a {@link CameraFeed} runs on: the wall clock that stamps ingest times, and a monotonic nanosecond clock
 * that paces frames and that the feed waits on. A feed takes one so that its pacing can be tested on simulated
 * time; {@link #system()} is the real one.
 */
public interface FeedClock extends InstantSource {

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /**
     * Waits until {@link #nanoTime()} reaches {@code deadlineNanos} or {@code stop} is released, whichever comes
     * first.
     *
     * @return true when stopped
     */
    boolean awaitStop(CountDownLatch stop, long deadlineNanos) throws InterruptedException;

    /** The system's wall clock and {@link System#nanoTime()}. */
    static FeedClock system() {
        return SystemFeedClock.INSTANCE;
    }
}

/** The real clocks; waiting is {@link CountDownLatch#await(long, TimeUnit)}. */
enum SystemFeedClock implements FeedClock {
    INSTANCE;

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public boolean awaitStop(CountDownLatch stop, long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        return wait <= 0 ? stop.getCount() == 0 : stop.await(wait, TimeUnit.NANOSECONDS);
    }
}
