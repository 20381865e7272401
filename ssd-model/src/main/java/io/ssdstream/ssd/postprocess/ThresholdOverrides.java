package io.ssdstream.ssd.postprocess;

import java.io.Serializable;

/**
 * The thresholds a command or job sets itself, on top of a model's own ({@link DetectionThresholds}); each null
 * component keeps the model's value. Merged in one place, {@link #applyTo}, when a detector is loaded.
 *
 * @param scoreThreshold replaces {@link DetectionThresholds#scoreThreshold()} when set
 * @param nmsIouThreshold replaces {@link DetectionThresholds#nmsIouThreshold()} when set
 * @param topKCandidates replaces {@link DetectionThresholds#topKCandidates()} when set
 * @param detectionsPerImage replaces {@link DetectionThresholds#detectionsPerImage()} when set
 */
public record ThresholdOverrides(Double scoreThreshold, Double nmsIouThreshold, Integer topKCandidates,
                                 Integer detectionsPerImage) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The model's own thresholds, unchanged. */
    public static final ThresholdOverrides NONE = new ThresholdOverrides(null, null, null, null);

    /** Each value set is checked as {@link DetectionThresholds} checks it, whatever it will be merged onto. */
    public ThresholdOverrides {
        merge(DetectionThresholds.DEFAULTS, scoreThreshold, nmsIouThreshold, topKCandidates, detectionsPerImage);
    }

    /** {@code base} with every value set here in place of its own. */
    public DetectionThresholds applyTo(DetectionThresholds base) {
        return merge(base, scoreThreshold, nmsIouThreshold, topKCandidates, detectionsPerImage);
    }

    private static DetectionThresholds merge(DetectionThresholds base, Double scoreThreshold, Double nmsIouThreshold,
                                             Integer topKCandidates, Integer detectionsPerImage) {
        DetectionThresholds merged = base;
        if (scoreThreshold != null) {
            merged = merged.withScoreThreshold(scoreThreshold);
        }
        if (nmsIouThreshold != null) {
            merged = merged.withNmsIouThreshold(nmsIouThreshold);
        }
        if (topKCandidates != null) {
            merged = merged.withTopKCandidates(topKCandidates);
        }
        if (detectionsPerImage != null) {
            merged = merged.withDetectionsPerImage(detectionsPerImage);
        }
        return merged;
    }
}
