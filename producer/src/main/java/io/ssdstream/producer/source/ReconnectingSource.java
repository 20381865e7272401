package io.ssdstream.producer.source;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live camera that keeps coming back: when the wrapped source fails or ends, it is closed and opened again after
 * an exponential backoff, so a camera reboot or a network blip costs frames, not the feed.
 *
 * <p>Only for {@link Timing#LIVE} sources: reopening a recording or an image directory would replay it, so an opener
 * that yields another timing is refused with an {@link IllegalStateException}. The first opening happens in the
 * first {@link #next()} and is retried like any other, so a camera that is down at start-up is waited for.
 *
 * <p>{@link #close()} may be called from another thread: a {@code next()} waiting in backoff returns null at once;
 * one blocked reading the wrapped source returns null when that read returns (bounded by the source's own I/O
 * timeout, see {@link VideoSource.Options#ioTimeout()}), and the wrapped source is closed on that thread.
 */
public final class ReconnectingSource implements FrameSource {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingSource.class);

    /** Opens the wrapped source, once at start and again after every failure. */
    @FunctionalInterface
    public interface Opener {
        FrameSource open() throws IOException;
    }

    private final String description;
    private final Opener opener;
    private final Policy policy;
    private final CountDownLatch closing = new CountDownLatch(1);
    /** The open source while no thread reads it; the reading thread holds it alone while it reads. */
    private final AtomicReference<FrameSource> idle = new AtomicReference<>();
    private volatile boolean closed;
    private volatile long reconnects;
    /** Attempts since the last picture that failed to open or ended before giving one. */
    private int failuresInARow;
    private boolean pictureSinceOpen;
    private boolean everOpened;
    private String lastFailure;

    /**
     * @param description the source for logs and errors, without credentials (for a URL:
     *        {@link VideoSource#describe(String)})
     */
    public ReconnectingSource(String description, Opener opener, Policy policy) {
        this.description = Objects.requireNonNull(description, "description");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * @return the next picture, or null once {@link #close()} was called
     * @throws IOException when {@link Policy#maxAttempts()} attempts in a row gave no picture
     */
    @Override
    public SourceFrame next() throws IOException, InterruptedException {
        while (!closed) {
            FrameSource source = idle.getAndSet(null);
            if (source == null) {
                source = connect();
                if (source == null) {
                    return null;
                }
            }
            SourceFrame frame;
            try {
                frame = source.next();
            } catch (IOException e) {
                disconnected(source, e.getMessage());
                continue;
            }
            if (frame == null) {
                disconnected(source, "stream ended");
                continue;
            }
            failuresInARow = 0;
            pictureSinceOpen = true;
            return putBack(source) ? frame : null;
        }
        return null;
    }

    @Override
    public Timing timing() {
        return Timing.LIVE;
    }

    @Override
    public String describe() {
        return description;
    }

    /** How often the wrapped source was opened again after an earlier opening failed or ended. */
    @Override
    public long reconnects() {
        return reconnects;
    }

    /** Ends a backoff at once, like {@link #close()}, which it is. */
    @Override
    public void wakeUp() {
        close();
    }

    @Override
    public void close() {
        closed = true;
        closing.countDown();
        FrameSource source = idle.getAndSet(null);
        if (source != null) {
            source.close();
        }
    }

    /** Opens the source, waiting out the backoff before each attempt after a failure; null once closed. */
    private FrameSource connect() throws IOException, InterruptedException {
        while (true) {
            if (lastFailure != null && !backOff()) {
                return null;
            }
            FrameSource source;
            try {
                source = opener.open();
            } catch (IOException e) {
                failed(e.getMessage(), e);
                continue;
            }
            if (source.timing() != Timing.LIVE) {
                source.close();
                throw new IllegalStateException("reconnecting applies to live sources only; " + source.describe()
                        + " is " + source.timing());
            }
            if (everOpened) {
                reconnects++;
                LOG.info("{}: reconnected", description);
            }
            everOpened = true;
            pictureSinceOpen = false;
            lastFailure = null;
            if (closed) {
                source.close();
                return null;
            }
            return source;
        }
    }

    private void disconnected(FrameSource source, String reason) throws IOException {
        source.close();
        if (pictureSinceOpen) {
            lastFailure = reason;
        } else {
            failed(reason, null);
        }
    }

    private void failed(String reason, IOException cause) throws IOException {
        failuresInARow++;
        lastFailure = reason;
        if (policy.maxAttempts() > 0 && failuresInARow >= policy.maxAttempts()) {
            throw new IOException(String.format(Locale.ROOT, "%s: gave up after %d failed attempts in a row; last: %s",
                    description, failuresInARow, reason), cause);
        }
    }

    /** Waits before the next attempt; false when closed meanwhile. */
    private boolean backOff() throws InterruptedException {
        Duration delay = policy.backoff(failuresInARow);
        LOG.warn("{}: {}; next attempt in {}", description, lastFailure, readable(delay));
        return !closing.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Makes the source idle again for the next read; false, with the source closed, when {@link #close()} came
     * meanwhile. Exactly one of this thread and the closing thread finds the source and closes it.
     */
    private boolean putBack(FrameSource source) {
        idle.set(source);
        if (closed) {
            FrameSource unclaimed = idle.getAndSet(null);
            if (unclaimed != null) {
                unclaimed.close();
            }
            return false;
        }
        return true;
    }

    private static String readable(Duration delay) {
        return delay.toMillis() < 1000 ? delay.toMillis() + " ms"
                : String.format(Locale.ROOT, "%.1f s", delay.toMillis() / 1000.0);
    }

    /**
     * When to try again.
     *
     * @param initialBackoff the wait before the first attempt after a failure; doubled for each further one
     * @param maxBackoff the longest wait
     * @param maxAttempts how many attempts in a row may fail (not open, or end before a picture) before
     *        {@link #next()} gives up; 0 for never
     */
    public record Policy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {

        public Policy {
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff "
                        + initialBackoff);
            }
            if (maxAttempts < 0) {
                throw new IllegalArgumentException("maxAttempts must be 0 (forever) or more, got " + maxAttempts);
            }
        }

        /** 1 s, doubling up to 30 s, forever. */
        public static Policy defaults() {
            return new Policy(Duration.ofSeconds(1), Duration.ofSeconds(30), 0);
        }

        /** The wait before the next attempt after {@code failuresInARow} failed ones since the last picture. */
        Duration backoff(int failuresInARow) {
            Duration delay = initialBackoff;
            for (int i = 0; i < failuresInARow && delay.compareTo(maxBackoff) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
        }
    }
}
