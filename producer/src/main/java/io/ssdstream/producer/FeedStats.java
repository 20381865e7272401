package io.ssdstream.producer;

/**
 * A feed's counters at one moment. Every picture read is exactly one of skipped, published or still in flight to
 * the broker, and every published frame ends acknowledged or failed.
 *
 * @param cameraId the feed's camera
 * @param read pictures taken from the source
 * @param skipped pictures dropped by frame skipping or the fps limit
 * @param published frames handed to Kafka
 * @param acknowledged frames the broker has
 * @param failed frames Kafka refused or could not deliver (each kind logged once)
 * @param reconnects how often a live camera was opened again after it dropped
 */
public record FeedStats(String cameraId, long read, long skipped, long published, long acknowledged, long failed,
        long reconnects) {}
