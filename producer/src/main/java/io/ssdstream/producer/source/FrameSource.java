package io.ssdstream.producer.source;

import java.io.IOException;

/**
 * Where one camera feed's pictures come from: a live camera, a recording, an image directory or a generator.
 * Not thread-safe: one feed reads it from one thread.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next picture, blocking until there is one.
     *
     * @return the picture, or null once a finite source is exhausted (end of a file or directory without looping;
     *         a live stream that ends cleanly)
     * @throws IOException when the source fails: a camera that drops, a file that cannot be decoded. The message
     *         names the source.
     */
    SourceFrame next() throws IOException, InterruptedException;

    /** How this source's pictures relate to wall-clock time, which decides how a feed paces it. */
    Timing timing();

    /** A short description for logs and frame metadata, without credentials (user info is stripped from URLs). */
    String describe();

    /**
     * Called from another thread when the feed stops: a source whose {@link #next()} can wait on something of its
     * own for long (a reconnection backoff) ends that wait, and {@code next()} returns null. Reads bounded by I/O
     * timeouts need nothing, which is the default.
     */
    default void wakeUp() {}

    /** How often the source was opened again after it dropped; 0 for sources that never reconnect. */
    default long reconnects() {
        return 0;
    }

    @Override
    void close();

    /** How a feed paces a source. */
    enum Timing {
        /** Pictures arrive in real time (a camera): a feed keeps up with them and drops what exceeds its rate. */
        LIVE,
        /** Pictures carry media timestamps (a video file): a feed plays them back in real time. */
        RECORDED,
        /** Pictures are made when asked (images, generators): a feed asks once per frame interval. */
        ON_DEMAND
    }
}
