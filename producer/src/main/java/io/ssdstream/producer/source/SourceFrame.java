package io.ssdstream.producer.source;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Objects;

/**
 * One picture from a {@link FrameSource}.
 *
 * @param image the pixels; the feed encodes them (JPEG) and may reuse nothing of it after publishing
 * @param mediaTimeMicros position in the source's own timeline in microseconds (a video's presentation time,
 *        a live stream's arrival time); increasing within one opening of the source
 * @param cameraTime when the camera says it captured the picture, or null when it does not say (the feed then
 *        stamps the ingest time)
 */
public record SourceFrame(BufferedImage image, long mediaTimeMicros, Instant cameraTime) {

    public SourceFrame {
        Objects.requireNonNull(image, "image");
    }
}
