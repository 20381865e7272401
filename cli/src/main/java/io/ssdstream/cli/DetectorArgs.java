package io.ssdstream.cli;

import io.ssdstream.job.config.DeviceConverter;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that loads a model artifact to detect with. */
public final class DetectorArgs {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model artifact directory.")
    public Path model;

    @Option(names = "--device", defaultValue = "auto", paramLabel = "DEVICE", converter = DeviceConverter.class,
            description = "cpu, gpu, gpu:N or auto (a GPU when one is visible). Default: ${DEFAULT-VALUE}.")
    public DeviceSpec device;

    @Option(names = "--precision", defaultValue = "FP32", paramLabel = "P",
            description = "FP32 or FP16 (for GPUs; slow on a CPU). Default: ${DEFAULT-VALUE}.")
    public Precision precision;

    @Option(names = "--score-threshold", paramLabel = "S",
            description = "Keep class scores strictly above S. Default: the artifact's (torchvision: 0.01).")
    public Double scoreThreshold;

    @Option(names = "--nms-iou", paramLabel = "IOU",
            description = "Suppress same-class boxes with IoU strictly above this. Default: the artifact's (0.45).")
    public Double nmsIou;

    @Option(names = "--top-k", paramLabel = "K",
            description = "Candidates per class entering NMS. Default: the artifact's (400).")
    public Integer topK;

    @Option(names = "--max-detections", paramLabel = "N",
            description = "Detections kept per image. Default: the artifact's (200).")
    public Integer maxDetections;

    /** The loading options, with any threshold overrides applied on top of the artifact's own thresholds. */
    public DetectorOptions options(DetectionThresholds artifactThresholds) {
        DetectionThresholds t = artifactThresholds;
        if (scoreThreshold != null) {
            t = t.withScoreThreshold(scoreThreshold);
        }
        if (nmsIou != null) {
            t = t.withNmsIouThreshold(nmsIou);
        }
        if (topK != null) {
            t = t.withTopKCandidates(topK);
        }
        if (maxDetections != null) {
            t = t.withDetectionsPerImage(maxDetections);
        }
        return DetectorOptions.DEFAULTS.withDevice(device).withPrecision(precision).withThresholds(t);
    }
}
