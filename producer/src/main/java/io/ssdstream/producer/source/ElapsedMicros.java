package io.ssdstream.producer.source;

/**
 * Microseconds since a source opened, on the monotonic clock, strictly increasing from one call to the next: the
 * media time of pictures that carry no timeline of their own (live arrivals, images made on demand).
 */
final class ElapsedMicros {

    private final long startNanos = System.nanoTime();
    private long last = -1;

    long next() {
        long now = (System.nanoTime() - startNanos) / 1_000;
        // two pictures within one microsecond still need distinct, increasing times
        last = Math.max(now, last + 1);
        return last;
    }
}
