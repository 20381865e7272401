package io.ssdstream.ssd.postprocess;

import java.io.Serializable;

/**
 * The knobs of SSD's postprocessing, with torchvision's defaults ({@link #DEFAULTS}).
 *
 * @param scoreThreshold a class score must be strictly greater than this to become a candidate
 * @param nmsIouThreshold non-maximum suppression removes a box whose IoU with a kept box of the same class is
 *     strictly greater than this
 * @param topKCandidates per image and class, at most this many highest-scoring candidates enter NMS
 * @param detectionsPerImage at most this many detections per image survive, highest scores first
 */
public record DetectionThresholds(
        double scoreThreshold, double nmsIouThreshold, int topKCandidates, int detectionsPerImage)
        implements Serializable {

    /** torchvision's {@code score_thresh}; a constant so that help texts can show it. */
    public static final double DEFAULT_SCORE_THRESHOLD = 0.01;
    /** torchvision's {@code nms_thresh}. */
    public static final double DEFAULT_NMS_IOU_THRESHOLD = 0.45;
    /** torchvision's {@code topk_candidates}. */
    public static final int DEFAULT_TOP_K_CANDIDATES = 400;
    /** torchvision's {@code detections_per_img}. */
    public static final int DEFAULT_DETECTIONS_PER_IMAGE = 200;

    public static final DetectionThresholds DEFAULTS = new DetectionThresholds(DEFAULT_SCORE_THRESHOLD,
            DEFAULT_NMS_IOU_THRESHOLD, DEFAULT_TOP_K_CANDIDATES, DEFAULT_DETECTIONS_PER_IMAGE);

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
