package io.ssdstream.ssd.detector;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.io.HostTensor;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.io.SafetensorsReader;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.io.TorchCheckpointReader;
import io.ssdstream.ssd.io.TorchFixtures;
import io.ssdstream.ssd.io.WeightBinding;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.ImagePreprocessor;
import io.ssdstream.ssd.preprocess.Normalization;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our network and detector against torchvision's own outputs for the same weights and images, which
 * scripts/make-torch-fixtures.py recorded with real PyTorch ({@link TorchFixtures}).
 */
class TorchvisionParityTest {

    /** Raw head outputs: |ours - torchvision's| at most this times max(1, |torchvision's|). */
    private static final double RAW_TOLERANCE = 1e-4;
    /** Detection boxes, in pixels. */
    private static final double BOX_TOLERANCE = 2e-3;
    /** Detection scores, softmax probabilities, absolute; also the gap below which two scores count as tied. */
    private static final double SCORE_TOLERANCE = 1e-5;

    private static StateDict fp32;
    private static StateDict torchvision;
    private static List<RgbFrame> images;

    @TempDir
    static Path artifact;

    @BeforeAll
    static void readFixtures() throws IOException {
        fp32 = TorchCheckpointReader.read(TorchFixtures.file("fp32.pth"));
        torchvision = SafetensorsReader.read(TorchFixtures.outputs());
        images = new ArrayList<>();
        for (int i = 0; i < TorchFixtures.IMAGES; i++) {
            HostTensor image = torchvision.get("image." + i);
            assertThat(image.shape()).containsExactly(300, 300, 3);
            byte[] rgb = new byte[image.values().length];
            for (int j = 0; j < rgb.length; j++) {
                rgb[j] = (byte) image.values()[j];
            }
            images.add(new RgbFrame(300, 300, rgb));
        }
    }

    @Test
    void architectureIsReadOffTheTorchvisionWeights() throws IOException {
        assertThat(WeightBinding.architectureOf(fp32))
                .isEqualTo(SsdArchitecture.ssd300(TorchFixtures.CLASSES).withWidth(TorchFixtures.WIDTH));
    }

    @Test
    void rawHeadOutputsMatchTorchvisions() throws IOException {
        SsdArchitecture architecture = WeightBinding.architectureOf(fp32);
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            WeightBinding.bind(fp32, network);
            NDList outputs = network.forward(new ParameterStore(manager, false),
                    new NDList(new ImagePreprocessor(architecture.imageSize(), Normalization.TORCHVISION_SSD)
                            .toBatchFromRgb(manager, images)), false);
            int anchors = architecture.anchorCount();
            assertThat(outputs.get(SsdNetwork.CLASS_LOGITS).getShape().getShape())
                    .containsExactly(TorchFixtures.IMAGES, anchors, TorchFixtures.CLASSES);
            assertThat(outputs.get(SsdNetwork.BOX_REGRESSION).getShape().getShape())
                    .containsExactly(TorchFixtures.IMAGES, anchors, 4);
            for (int i = 0; i < TorchFixtures.IMAGES; i++) {
                assertClose("cls_logits." + i, outputs.get(SsdNetwork.CLASS_LOGITS).get(i).toFloatArray());
                assertClose("bbox_regression." + i, outputs.get(SsdNetwork.BOX_REGRESSION).get(i).toFloatArray());
            }
        }
    }

    /** Through the artifact `model import` writes and the Detector API, with torchvision's thresholds. */
    @Test
    void detectionsMatchTorchvisionsInOrder() throws IOException {
        SsdArchitecture architecture = WeightBinding.architectureOf(fp32);
        ModelMetadata metadata = new ModelMetadata("torchvision-fixture", "1", architecture,
                List.of("__background__", "a", "b", "c"), Normalization.TORCHVISION_SSD,
                TorchFixtures.torchvisionThresholds(), Map.of("source", "make-torch-fixtures.py"));
        ModelArtifact.write(artifact, metadata, fp32);
        List<List<DetectedObject>> results;
        try (Detector detector = Detector.load(artifact, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            results = detector.detectRgb(images);
        }
        for (int i = 0; i < TorchFixtures.IMAGES; i++) {
            float[] boxes = torchvision.get("boxes." + i).values();
            float[] scores = torchvision.get("scores." + i).values();
            float[] labels = torchvision.get("labels." + i).values();
            List<DetectedObject> ours = results.get(i);
            assertThat(scores.length).as("torchvision's detections in image %d", i).isGreaterThan(10);
            assertThat(ours).as("detections in image %d", i).hasSize(scores.length);
            double worstBox = 0;
            double worstScore = 0;
            int tiedRuns = 0;
            for (int start = 0, end; start < scores.length; start = end) {
                // torchvision's order within a run of scores closer than the tolerance is decided by rounding:
                // such a run must hold the same detections, in any order
                end = start + 1;
                while (end < scores.length && scores[end - 1] - scores[end] <= SCORE_TOLERANCE) {
                    end++;
                }
                tiedRuns += end - start > 1 ? 1 : 0;
                List<Integer> unmatched = new ArrayList<>(IntStream.range(start, end).boxed().toList());
                for (int j = start; j < end; j++) {
                    DetectedObject d = ours.get(j);
                    Integer match = unmatched.stream().filter(k -> (int) labels[k] == d.classId())
                            .min(Comparator.comparingDouble(k -> boxError(d, boxes, k))).orElse(null);
                    assertThat(match).as("image %d, our detection %d (%s): torchvision has none of class %d at "
                            + "ranks %d..%d", i, j, d, d.classId(), start, end - 1).isNotNull();
                    unmatched.remove(match);
                    worstBox = Math.max(worstBox, boxError(d, boxes, match));
                    worstScore = Math.max(worstScore, Math.abs(d.score() - scores[match]));
                }
            }
            System.out.printf("image %d: %d detections (%d runs of tied scores), largest box error %.3g px, "
                    + "score error %.3g%n", i, scores.length, tiedRuns, worstBox, worstScore);
            assertThat(worstBox).as("image %d, largest box error in pixels", i).isLessThanOrEqualTo(BOX_TOLERANCE);
            assertThat(worstScore).as("image %d, largest score error", i).isLessThanOrEqualTo(SCORE_TOLERANCE);
        }
    }

    /** The largest coordinate difference between our detection and torchvision's detection k, in pixels. */
    private static double boxError(DetectedObject d, float[] boxes, int k) {
        float[] ours = {d.xMin(), d.yMin(), d.xMax(), d.yMax()};
        double error = 0;
        for (int c = 0; c < 4; c++) {
            error = Math.max(error, Math.abs(ours[c] - boxes[4 * k + c]));
        }
        return error;
    }

    private static void assertClose(String name, float[] ours) {
        HostTensor expected = torchvision.get(name);
        float[] theirs = expected.values();
        assertThat(ours).as(name).hasSameSizeAs(theirs);
        double worstAbsolute = 0;
        double worstScaled = 0;
        for (int j = 0; j < theirs.length; j++) {
            double error = Math.abs(ours[j] - theirs[j]);
            worstAbsolute = Math.max(worstAbsolute, error);
            worstScaled = Math.max(worstScaled, error / Math.max(1, Math.abs(theirs[j])));
        }
        System.out.printf("%s: largest error %.3g absolute, %.3g relative to max(1, |torchvision|)%n",
                name, worstAbsolute, worstScaled);
        assertThat(worstScaled).as(name + ": largest error relative to max(1, |torchvision's value|)")
                .isLessThanOrEqualTo(RAW_TOLERANCE);
    }
}
