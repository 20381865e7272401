package io.ssdstream.tracking;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the tracker decides with. Sizes (tolerances, thresholds of movement) are fractions of the box's larger side,
 * so one setting fits near and far objects; times are capture-time spans.
 *
 * @param confirmationHits   frames a new track must be matched in before it gets an id and a NEW event
 * @param highScore          detections at or above this start tracks and are matched first
 * @param lowScore           detections at or above this (and below highScore) only continue active tracks
 * @param matchIou           the least IoU between a track's predicted box and a detection for them to match
 * @param maxLostAge         how long a confirmed track that is not seen is kept before it ends, in capture time of
 *                           frames looked at (a span the job shed unseen does not count)
 * @param stationaryTolerance a centre that stays within this fraction of the box size counts as not moving
 * @param stationaryAfter    how long a track must not move to become stationary
 * @param moveThreshold      a centre shift since the last event beyond this fraction of the box size is an UPDATE
 * @param updateInterval     the least capture time between two UPDATE events of one track
 */
public record TrackerConfig(
        int confirmationHits,
        double highScore,
        double lowScore,
        double matchIou,
        Duration maxLostAge,
        double stationaryTolerance,
        Duration stationaryAfter,
        double moveThreshold,
        Duration updateInterval) implements Serializable {

    public static final int DEFAULT_CONFIRMATION_HITS = 3;
    public static final double DEFAULT_HIGH_SCORE = 0.5;
    public static final double DEFAULT_LOW_SCORE = 0.1;
    public static final double DEFAULT_MATCH_IOU = 0.2;
    public static final Duration DEFAULT_MAX_LOST_AGE = Duration.ofSeconds(2);
    public static final double DEFAULT_STATIONARY_TOLERANCE = 0.1;
    public static final Duration DEFAULT_STATIONARY_AFTER = Duration.ofSeconds(10);
    public static final double DEFAULT_MOVE_THRESHOLD = 0.5;
    public static final Duration DEFAULT_UPDATE_INTERVAL = Duration.ofSeconds(1);

    public TrackerConfig {
        if (confirmationHits < 1) {
            throw new IllegalArgumentException("confirmation hits " + confirmationHits + " must be at least 1");
        }
        if (!(lowScore >= 0 && lowScore <= highScore && highScore <= 1)) {
            throw new IllegalArgumentException("score thresholds must satisfy 0 <= low (" + lowScore
                    + ") <= high (" + highScore + ") <= 1");
        }
        if (!(matchIou > 0 && matchIou <= 1)) {
            throw new IllegalArgumentException("match IoU " + matchIou + " must be in (0, 1]");
        }
        requirePositive("max lost age", maxLostAge);
        requirePositive("stationary after", stationaryAfter);
        if (updateInterval == null || updateInterval.isNegative()) {
            throw new IllegalArgumentException("update interval " + updateInterval + " must be zero or positive");
        }
        if (!(stationaryTolerance >= 0 && Double.isFinite(stationaryTolerance))) {
            throw new IllegalArgumentException("stationary tolerance " + stationaryTolerance + " must be >= 0");
        }
        if (!(moveThreshold > 0 && Double.isFinite(moveThreshold))) {
            throw new IllegalArgumentException("move threshold " + moveThreshold + " must be > 0");
        }
    }

    public static TrackerConfig defaults() {
        return new TrackerConfig(DEFAULT_CONFIRMATION_HITS, DEFAULT_HIGH_SCORE, DEFAULT_LOW_SCORE, DEFAULT_MATCH_IOU,
                DEFAULT_MAX_LOST_AGE, DEFAULT_STATIONARY_TOLERANCE, DEFAULT_STATIONARY_AFTER, DEFAULT_MOVE_THRESHOLD,
                DEFAULT_UPDATE_INTERVAL);
    }

    public TrackerConfig withConfirmationHits(int hits) {
        return new TrackerConfig(hits, highScore, lowScore, matchIou, maxLostAge, stationaryTolerance,
                stationaryAfter, moveThreshold, updateInterval);
    }

    public TrackerConfig withMaxLostAge(Duration age) {
        return new TrackerConfig(confirmationHits, highScore, lowScore, matchIou, age, stationaryTolerance,
                stationaryAfter, moveThreshold, updateInterval);
    }

    public TrackerConfig withStationaryAfter(Duration after) {
        return new TrackerConfig(confirmationHits, highScore, lowScore, matchIou, maxLostAge, stationaryTolerance,
                after, moveThreshold, updateInterval);
    }

    public TrackerConfig withUpdateInterval(Duration interval) {
        return new TrackerConfig(confirmationHits, highScore, lowScore, matchIou, maxLostAge, stationaryTolerance,
                stationaryAfter, moveThreshold, interval);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " " + d + " must be a positive duration");
        }
    }
}
