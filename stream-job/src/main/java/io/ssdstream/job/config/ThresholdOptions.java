package io.ssdstream.job.config;

import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.postprocess.ThresholdOverrides;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * The postprocessing options of every command that detects or writes a model ({@code job}, {@code detect},
 * {@code evaluate}, {@code export}), declared once. Each one left out keeps the model's own value; the defaults shown
 * are torchvision's, which a model carries unless it was exported with others.
 */
public final class ThresholdOptions {

    @Option(names = "--score-threshold", paramLabel = "S", description = "Keep class scores strictly above S."
            + " Default: the model's (torchvision: " + DetectionThresholds.DEFAULT_SCORE_THRESHOLD + ").")
    Double scoreThreshold;

    @Option(names = "--nms-iou", paramLabel = "IOU", description = "Suppress a same-class box whose IoU with a kept"
            + " box is strictly above IOU. Default: the model's (torchvision: "
            + DetectionThresholds.DEFAULT_NMS_IOU_THRESHOLD + ").")
    Double nmsIou;

    @Option(names = "--top-k", paramLabel = "K", description = "Candidates per class entering NMS."
            + " Default: the model's (torchvision: " + DetectionThresholds.DEFAULT_TOP_K_CANDIDATES + ").")
    Integer topK;

    @Option(names = "--max-detections", paramLabel = "N", description = "Detections kept per image, after NMS."
            + " Default: the model's (torchvision: " + DetectionThresholds.DEFAULT_DETECTIONS_PER_IMAGE + ").")
    Integer maxDetections;

    /** The values given, each checked with its option named. */
    public ThresholdOverrides overrides() {
        return new ThresholdOverrides(
                checked("--score-threshold", scoreThreshold, DetectionThresholds.DEFAULTS::withScoreThreshold),
                checked("--nms-iou", nmsIou, DetectionThresholds.DEFAULTS::withNmsIouThreshold),
                checked("--top-k", topK, DetectionThresholds.DEFAULTS::withTopKCandidates),
                checked("--max-detections", maxDetections, DetectionThresholds.DEFAULTS::withDetectionsPerImage));
    }

    private static <T> T checked(String option, T value, Function<T, DetectionThresholds> apply) {
        if (value != null) {
            try {
                apply.apply(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
            }
        }
        return value;
    }
}
