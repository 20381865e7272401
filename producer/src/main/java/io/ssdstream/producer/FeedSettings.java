package io.ssdstream.producer;

import java.util.Map;

/**
 * How one camera feed turns a source into frames. Defaults live in {@link #DEFAULTS}.
 *
 * @param cameraId the frames' {@code cameraId} and Kafka key
 * @param fps the most frames per second to publish; 0 publishes at the source's own rate (as fast as an
 *        on-demand source can make them)
 * @param keepEvery publish only every n-th picture of the source (1 keeps all), before the fps limit applies
 * @param jpegQuality JPEG quality factor in (0, 1]
 * @param maxFrames stop after publishing this many frames; 0 for no limit
 * @param firstSequence the first frame's {@code frameSequence}, or -1 for the wall clock in milliseconds, which
 *        keeps a restarted feed's sequence numbers above its earlier ones (below 1000 frames per second)
 * @param metadata attributes copied into every frame (site, lens)
 */
public record FeedSettings(String cameraId, double fps, int keepEvery, float jpegQuality, long maxFrames,
        long firstSequence, Map<String, String> metadata) {

    public static final FeedSettings DEFAULTS = new FeedSettings("camera-1", 5, 1, 0.85f, 0, -1, Map.of());

    public FeedSettings {
        if (cameraId == null || cameraId.isBlank()) {
            throw new IllegalArgumentException("--camera-id must not be empty");
        }
        if (!(fps >= 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("--fps must be 0 (the source's rate) or positive, got " + fps);
        }
        if (keepEvery < 1) {
            throw new IllegalArgumentException("--keep-every must be at least 1, got " + keepEvery);
        }
        if (!(jpegQuality > 0 && jpegQuality <= 1)) {
            throw new IllegalArgumentException("--jpeg-quality must be in (0, 1], got " + jpegQuality);
        }
        if (maxFrames < 0) {
            throw new IllegalArgumentException("--max-frames must be 0 (no limit) or positive, got " + maxFrames);
        }
        if (firstSequence < -1) {
            throw new IllegalArgumentException("the first frame sequence must be -1 (clock) or at least 0, got "
                    + firstSequence);
        }
        metadata = Map.copyOf(metadata);
    }

    public FeedSettings withCameraId(String value) {
        return new FeedSettings(value, fps, keepEvery, jpegQuality, maxFrames, firstSequence, metadata);
    }

    public FeedSettings withFps(double value) {
        return new FeedSettings(cameraId, value, keepEvery, jpegQuality, maxFrames, firstSequence, metadata);
    }

    public FeedSettings withKeepEvery(int value) {
        return new FeedSettings(cameraId, fps, value, jpegQuality, maxFrames, firstSequence, metadata);
    }

    public FeedSettings withMaxFrames(long value) {
        return new FeedSettings(cameraId, fps, keepEvery, jpegQuality, value, firstSequence, metadata);
    }

    public FeedSettings withFirstSequence(long value) {
        return new FeedSettings(cameraId, fps, keepEvery, jpegQuality, maxFrames, value, metadata);
    }

    public FeedSettings withMetadata(Map<String, String> value) {
        return new FeedSettings(cameraId, fps, keepEvery, jpegQuality, maxFrames, firstSequence, value);
    }
}
