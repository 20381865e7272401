package io.ssdstream.ssd.postprocess;

import java.io.Serializable;

/**
 * The knobs of SSD's postprocessing, with torchvision's defaults ({@link #DEFAULTS}).
 *
 * @param scoreThreshold a class score must be strictly greater than this to become a candidate (0.01)
 * @param nmsIouThreshold non-maximum suppression removes a box whose IoU with a kept box of the same class is
 *     strictly greater than this (0.45)
 * @param topKCandidates per image and class, at most this many highest-scoring candidates enter NMS (400)
 * @param detectionsPerImage at most this many detections per image survive, highest scores first (200)
 */
public record DetectionThresholds(
        double scoreThreshold, double nmsIouThreshold, int topKCandidates, int detectionsPerImage)
        implements Serializable {

    public static final DetectionThresholds DEFAULTS = new DetectionThresholds(0.01, 0.45, 400, 200);

    public DetectionThresholds {
        if (!(scoreThreshold >= 0 && scoreThreshold < 1)) {
            throw new IllegalArgumentException("score threshold must be in [0, 1), got " + scoreThreshold);
        }
        if (!(nmsIouThreshold >= 0 && nmsIouThreshold <= 1)) {
            throw new IllegalArgumentException("NMS IoU threshold must be in [0, 1], got " + nmsIouThreshold);
        }
        if (topKCandidates < 1) {
            throw new IllegalArgumentException("top-k candidates per class must be at least 1, got " + topKCandidates);
        }
        if (detectionsPerImage < 1) {
            throw new IllegalArgumentException("detections per image must be at least 1, got " + detectionsPerImage);
        }
    }

    public DetectionThresholds withScoreThreshold(double value) {
        return new DetectionThresholds(value, nmsIouThreshold, topKCandidates, detectionsPerImage);
    }

    public DetectionThresholds withNmsIouThreshold(double value) {
        return new DetectionThresholds(scoreThreshold, value, topKCandidates, detectionsPerImage);
    }

    public DetectionThresholds withTopKCandidates(int value) {
        return new DetectionThresholds(scoreThreshold, nmsIouThreshold, value, detectionsPerImage);
    }

    public DetectionThresholds withDetectionsPerImage(int value) {
        return new DetectionThresholds(scoreThreshold, nmsIouThreshold, topKCandidates, value);
    }
}
