package io.ssdstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.ssdstream.scenes.Sample;
import io.ssdstream.ssd.detector.CpuFeatures;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.detector.Precision;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import io.ssdstream.trainer.data.DatasetSpec;
import io.ssdstream.trainer.data.DetectionDataset;
import io.ssdstream.trainer.eval.DatasetEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * bfloat16 inference of the demo model against float32 on the same held-out synthetic scenes: the same objects
 * found with nearly the same boxes and scores, and a VOC mAP within 0.01 (issue 16's condition).
 */
class ReducedPrecisionAccuracyTest {

    /** Scenes the demo model never saw (it was trained on seed 1 and validated on seed 2). */
    private static final String HELD_OUT = "synthetic:24:3:simple";
    /** Scenes whose detections are compared one by one (each precision runs them twice: kept short). */
    private static final int COMPARED = 8;
    /** The detections a user acts on; below this, near-tied low scores reorder and prove nothing. */
    private static final float CONFIDENT = 0.5f;

    @Test
    void bfloat16FindsWhatFloat32FindsAndKeepsTheMap() throws Exception {
        assumeThat(CpuFeatures.current().hasBfloat16()).as("this CPU has bfloat16 instructions").isTrue();
        DetectionDataset scenes = DatasetSpec.parse(HELD_OUT).open(Optional.empty());
        DetectorOptions cpu = DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU);
        try (Detector single = Detector.load(DemoArtifactTest.DEMO, cpu.withPrecision(Precision.FP32));
             Detector reduced = Detector.load(DemoArtifactTest.DEMO, cpu.withPrecision(Precision.BF16))) {
            assertThat(reduced.precision()).isEqualTo(Precision.BF16);

            int confident = 0;
            int matched = 0;
            double maxScoreDifference = 0;
            for (int start = 0; start < COMPARED; start += 8) {
                List<RgbFrame> frames = new ArrayList<>();
                for (int i = start; i < start + 8; i++) {
                    Sample sample = scenes.load(i);
                    frames.add(new RgbFrame(sample.image().width(), sample.image().height(), sample.image().pixels()));
                }
                List<List<DetectedObject>> expected = single.detectRgb(frames);
                List<List<DetectedObject>> actual = reduced.detectRgb(frames);
                for (int i = 0; i < frames.size(); i++) {
                    for (DetectedObject e : expected.get(i)) {
                        if (e.score() < CONFIDENT) {
                            continue;
                        }
                        confident++;
                        DetectedObject best = null;
                        for (DetectedObject a : actual.get(i)) {
                            if (a.classId() == e.classId() && iou(a, e) > 0.95 && (best == null || iou(a, e) > iou(best, e))) {
                                best = a;
                            }
                        }
                        if (best != null) {
                            matched++;
                            maxScoreDifference = Math.max(maxScoreDifference, Math.abs(best.score() - e.score()));
                        }
                    }
                }
            }
            double map32 = DatasetEvaluation.run(single, scenes, 8, 1).map50();
            double map16 = DatasetEvaluation.run(reduced, scenes, 8, 1).map50();
            System.out.printf("bf16 vs fp32 on the first %d scenes of %s: %d/%d confident detections matched (label, IoU > 0.95), max score"
                    + " difference %.4f; VOC mAP@0.5 on all of them fp32 %.4f bf16 %.4f%n", COMPARED, HELD_OUT, matched, confident,
                    maxScoreDifference, map32, map16);

            assertThat(confident).isGreaterThan(COMPARED);
            assertThat((double) matched / confident).isGreaterThanOrEqualTo(0.95);
            assertThat(maxScoreDifference).isLessThan(0.1);
            assertThat(map32 - map16).isLessThan(0.01);
        }
    }

    /** Intersection over union of two boxes in continuous pixel coordinates (torchvision's box_iou). */
    private static double iou(DetectedObject a, DetectedObject b) {
        double w = Math.max(0, Math.min(a.xMax(), b.xMax()) - Math.max(a.xMin(), b.xMin()));
        double h = Math.max(0, Math.min(a.yMax(), b.yMax()) - Math.max(a.yMin(), b.yMin()));
        double intersection = w * h;
        double union = (a.xMax() - a.xMin()) * (a.yMax() - a.yMin()) + (b.xMax() - b.xMin()) * (b.yMax() - b.yMin())
                - intersection;
        return intersection / union;
    }
}
