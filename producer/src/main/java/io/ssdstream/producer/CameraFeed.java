package io.ssdstream.producer;

import io.ssdstream.producer.publish.FramePublisher;
import io.ssdstream.producer.publish.JpegEncoder;
import io.ssdstream.producer.source.FrameSource;
import io.ssdstream.producer.source.SourceFrame;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.VideoFrame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera feed: reads a {@link FrameSource}, paces it by its {@link FrameSource.Timing}, skips what exceeds the
 * configured rate, encodes JPEG and publishes {@link VideoFrame}s. Runs on one thread until the source ends, the
 * frame limit is reached or {@link #stop()} is called.
 *
 * <p>Pacing: a live source is read as fast as it delivers and a frame is published only once the previous one is a
 * frame interval old; a recorded source is played back in real time by its media timestamps under the same rule;
 * an on-demand source is asked once per frame interval.
 */
public final class CameraFeed implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CameraFeed.class);

    private final FeedSettings settings;
    private final FrameSource source;
    private final FramePublisher publisher;
    private final FeedClock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private final AtomicLong read = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public CameraFeed(FeedSettings settings, FrameSource source, FramePublisher publisher) {
        this(settings, source, publisher, FeedClock.system());
    }

    /** A feed on the given clock: it stamps ingest times, paces frames and times the waits between them. */
    public CameraFeed(FeedSettings settings, FrameSource source, FramePublisher publisher, FeedClock clock) {
        this.settings = settings;
        this.source = source;
        this.publisher = publisher;
        this.clock = clock;
    }

    /**
     * Publishes until the source ends, {@code maxFrames} are published or {@link #stop()}.
     *
     * @throws FeedFailedException when the source fails; the source is closed either way
     */
    @Override
    public void run() {
        LOG.info("Camera {}: publishing {} to {} ({}, {})", settings.cameraId(), source.describe(),
                publisher.topic(), source.timing().name().toLowerCase(Locale.ROOT), rate());
        try (source; JpegEncoder jpeg = new JpegEncoder(settings.jpegQuality())) {
            pump(jpeg);
        } catch (IOException e) {
            throw new FeedFailedException("camera " + settings.cameraId() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            FeedStats stats = stats();
            LOG.info("Camera {}: stopped after {} pictures read, {} skipped, {} published", settings.cameraId(),
                    stats.read(), stats.skipped(), stats.published());
        }
    }

    private void pump(JpegEncoder jpeg) throws IOException, InterruptedException {
        long periodNanos = settings.fps() > 0 ? Math.round(1e9 / settings.fps()) : 0;
        long periodMicros = periodNanos / 1000;
        long sequence = settings.firstSequence() >= 0 ? settings.firstSequence() : clock.millis();
        long nextDueNanos = clock.nanoTime();
        long nextDueMicros = Long.MIN_VALUE / 2; // before any media time: the first picture is due
        long mediaOrigin = Long.MIN_VALUE;
        long wallOriginNanos = 0;
        while (!isStopped() && (settings.maxFrames() == 0 || published.get() < settings.maxFrames())) {
            FrameSource.Timing timing = source.timing();
            if (timing == FrameSource.Timing.ON_DEMAND && periodNanos > 0) {
                if (!sleepUntil(nextDueNanos)) {
                    return;
                }
                nextDueNanos = nextSlot(nextDueNanos, periodNanos, clock.nanoTime());
            }
            SourceFrame picture = source.next();
            if (picture == null) {
                return;
            }
            if ((read.incrementAndGet() - 1) % settings.keepEvery() != 0) {
                skipped.incrementAndGet();
                continue;
            }
            if (timing == FrameSource.Timing.RECORDED) {
                if (mediaOrigin == Long.MIN_VALUE) {
                    mediaOrigin = picture.mediaTimeMicros();
                    wallOriginNanos = clock.nanoTime();
                }
                if (picture.mediaTimeMicros() < nextDueMicros) {
                    skipped.incrementAndGet();
                    continue;
                }
                nextDueMicros = nextSlot(nextDueMicros, periodMicros, picture.mediaTimeMicros());
                if (!sleepUntil(wallOriginNanos + 1000 * (picture.mediaTimeMicros() - mediaOrigin))) {
                    return;
                }
            } else if (timing == FrameSource.Timing.LIVE && periodNanos > 0) {
                long now = clock.nanoTime();
                if (now < nextDueNanos) {
                    skipped.incrementAndGet();
                    continue;
                }
                nextDueNanos = nextSlot(nextDueNanos, periodNanos, now);
            }
            publish(picture, sequence++, jpeg);
        }
    }

    private void publish(SourceFrame picture, long sequence, JpegEncoder jpeg) {
        Instant ingest = clock.instant();
        boolean cameraClock = picture.cameraTime() != null;
        VideoFrame frame = VideoFrame.newBuilder()
                .setCameraId(settings.cameraId())
                .setFrameSequence(sequence)
                .setCaptureTime(cameraClock ? picture.cameraTime() : ingest)
                .setCaptureTimeSource(cameraClock ? CaptureTimeSource.CAMERA : CaptureTimeSource.INGEST)
                .setIngestTime(ingest)
                .setWidth(picture.image().getWidth())
                .setHeight(picture.image().getHeight())
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(jpeg.encode(picture.image())))
                .setMetadata(settings.metadata())
                .build();
        published.incrementAndGet();
        publisher.publish(frame, failure -> (failure == null ? acknowledged : failed).incrementAndGet());
    }

    /**
     * When the frame after one published at {@code now} is due: one period after the slot just used, so the rate
     * holds on average under jitter, or one period after {@code now} when the feed fell behind, so that it starts
     * afresh instead of bursting to catch up.
     */
    private static long nextSlot(long due, long period, long now) {
        long next = due + period;
        return next <= now ? now + period : next;
    }

    /** Waits until {@code deadlineNanos} on the clock's monotonic time; false when stopped meanwhile. */
    private boolean sleepUntil(long deadlineNanos) throws InterruptedException {
        return !clock.awaitStop(stopped, deadlineNanos);
    }

    private boolean isStopped() {
        return stopped.getCount() == 0;
    }

    private String rate() {
        String limit = settings.fps() > 0 ? "at most " + settings.fps() + " fps" : "at the source's rate";
        return settings.keepEvery() > 1 ? "every " + settings.keepEvery() + "th picture, " + limit : limit;
    }

    /**
     * Asks the feed to stop from another thread; it finishes the frame in hand, then returns from {@link #run()}.
     * A source waiting on something of its own is woken ({@link FrameSource#wakeUp()}).
     */
    public void stop() {
        stopped.countDown();
        source.wakeUp();
    }

    public String cameraId() {
        return settings.cameraId();
    }

    public FeedStats stats() {
        return new FeedStats(settings.cameraId(), read.get(), skipped.get(), published.get(), acknowledged.get(),
                failed.get(), source.reconnects());
    }
}
