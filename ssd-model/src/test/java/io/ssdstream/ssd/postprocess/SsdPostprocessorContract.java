package io.ssdstream.ssd.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ssdstream.ssd.boxes.BoxCoder;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * torchvision's postprocess_detections semantics on hand-built network outputs. Box deltas are zero, so each
 * candidate's box is its default box; class scores come from logits {@code log(p)}, whose softmax is p.
 *
 * <p>Run twice: as given, most default boxes survive and the postprocessor takes its dense path; padded with many
 * background-only default boxes, it takes its sparse path. Both must give the same answers.
 */
abstract class SsdPostprocessorContract {

    /** Background-only default boxes appended to every case. */
    abstract int backgroundPadding();

    private static final List<String> CLASSES = List.of("__background__", "car", "person", "bus");
    private static final FrameSize NETWORK_FRAME = new FrameSize(300, 300);

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** Scores per anchor and class (background first); rows must sum to 1. */
    private List<List<DetectedObject>> run(DetectionThresholds thresholds, float[][] anchors, float[][][] scores,
                                      List<FrameSize> frames) {
        int batch = scores.length;
        int padding = backgroundPadding();
        int count = anchors.length + padding;
        float[] logits = new float[batch * count * CLASSES.size()];
        int i = 0;
        for (float[][] image : scores) {
            for (int a = 0; a < count; a++) {
                for (float p : a < image.length ? image[a] : BACKGROUND) {
                    logits[i++] = p == 0 ? -1e4f : (float) Math.log(p);
                }
            }
        }
        float[] flatAnchors = new float[count * 4];
        for (int a = 0; a < count; a++) {
            float[] box = a < anchors.length ? anchors[a] : new float[] {a, a, a + 1, a + 1};
            System.arraycopy(box, 0, flatAnchors, a * 4, 4);
        }
        NDArray classLogits = manager.create(logits, new Shape(batch, count, CLASSES.size()));
        NDArray deltas = manager.zeros(new Shape(batch, count, 4));
        NDArray anchorArray = manager.create(flatAnchors, new Shape(count, 4));
        return new SsdPostprocessor(300, thresholds, CLASSES, BoxCoder.SSD).process(classLogits, deltas, anchorArray, frames);
    }

    private static float[] score(int classId, float p) {
        float[] row = new float[CLASSES.size()];
        row[0] = 1 - p;
        row[classId] = p;
        return row;
    }

    private static final float[] BACKGROUND = {1, 0, 0, 0};

    @Test
    void scoreThresholdIsStrict() {
        float[][] anchors = {{10, 10, 50, 50}};
        float[][][] uniform = {{{0.25f, 0.25f, 0.25f, 0.25f}}};
        assertThat(run(DetectionThresholds.DEFAULTS.withScoreThreshold(0.25), anchors, uniform, List.of(NETWORK_FRAME))
                .get(0)).isEmpty();
        assertThat(run(DetectionThresholds.DEFAULTS.withScoreThreshold(0.2499), anchors, uniform, List.of(NETWORK_FRAME))
                .get(0)).extracting(DetectedObject::classId).containsExactly(1, 2, 3);
    }

    @Test
    void backgroundIsNeverADetection() {
        float[][] anchors = {{10, 10, 50, 50}};
        float[][][] scores = {{BACKGROUND}};
        assertThat(run(DetectionThresholds.DEFAULTS, anchors, scores, List.of(NETWORK_FRAME)).get(0)).isEmpty();
    }

    @Test
    void keepsOnlyTheTopKCandidatesPerClassBeforeNms() {
        float[][] anchors = {{0, 0, 10, 10}, {20, 0, 30, 10}, {40, 0, 50, 10}, {60, 0, 70, 10}, {80, 0, 90, 10}};
        float[][][] scores = {{score(1, 0.5f), score(1, 0.9f), score(1, 0.7f), score(1, 0.6f), score(2, 0.8f)}};
        List<DetectedObject> detections = run(DetectionThresholds.DEFAULTS.withTopKCandidates(2), anchors, scores,
                List.of(NETWORK_FRAME)).get(0);
        assertThat(detections).extracting(DetectedObject::score)
                .containsExactly(0.9f, 0.8f, 0.7f);
        assertThat(detections).extracting(DetectedObject::xMin).map(x -> Math.round(x)).containsExactly(20, 80, 40);
    }

    @Test
    void suppressesOnlyWhenIouIsStrictlyAboveTheThreshold() {
        // intersection 50, union 100: IoU exactly 0.5
        float[][] anchors = {{0, 0, 10, 10}, {0, 0, 10, 5}};
        float[][][] scores = {{score(1, 0.9f), score(1, 0.8f)}};
        assertThat(run(DetectionThresholds.DEFAULTS.withNmsIouThreshold(0.5), anchors, scores, List.of(NETWORK_FRAME))
                .get(0)).hasSize(2);
        assertThat(run(DetectionThresholds.DEFAULTS.withNmsIouThreshold(0.49), anchors, scores, List.of(NETWORK_FRAME))
                .get(0)).extracting(DetectedObject::score).containsExactly(0.9f);
    }

    @Test
    void equalScoresKeepTheLowerAnchorIndex() {
        float[][] anchors = {{100, 100, 110, 110}, {0, 0, 10, 10}, {200, 200, 210, 210}, {0, 0, 10, 9}};
        float[][][] scores = {{BACKGROUND, score(1, 0.6f), BACKGROUND, score(1, 0.6f)}};
        List<DetectedObject> detections = run(DetectionThresholds.DEFAULTS, anchors, scores, List.of(NETWORK_FRAME)).get(0);
        assertThat(detections).hasSize(1);
        assertThat(detections.get(0).yMax()).isCloseTo(10f, within(1e-4f));
    }

    @Test
    void classesNeverSuppressEachOther() {
        float[][] anchors = {{0, 0, 10, 10}, {0, 0, 10, 10}};
        float[][][] scores = {{score(1, 0.9f), score(2, 0.8f)}};
        assertThat(run(DetectionThresholds.DEFAULTS, anchors, scores, List.of(NETWORK_FRAME)).get(0))
                .extracting(DetectedObject::label).containsExactly("car", "person");
    }

    @Test
    void capsDetectionsPerImageAfterNmsByScore() {
        float[][] anchors = {{0, 0, 10, 10}, {0, 0, 10, 9.9f}, {50, 50, 60, 60}, {100, 100, 110, 110}};
        float[][][] scores = {{score(1, 0.95f), score(1, 0.9f), score(2, 0.5f), score(3, 0.7f)}};
        // the 0.9 box is suppressed by the 0.95 one, so the cap of 2 keeps 0.95 and 0.7, not 0.95 and 0.9
        assertThat(run(DetectionThresholds.DEFAULTS.withDetectionsPerImage(2), anchors, scores, List.of(NETWORK_FRAME))
                .get(0)).extracting(DetectedObject::score).containsExactly(0.95f, 0.7f);
    }

    @Test
    void clipsToTheNetworkImageThenScalesXAndYSeparatelyToTheFrame() {
        float[][] anchors = {{-50, 100, 350, 200}};
        float[][][] scores = {{score(3, 0.8f)}};
        DetectedObject d = run(DetectionThresholds.DEFAULTS, anchors, scores, List.of(new FrameSize(640, 480))).get(0).get(0);
        assertThat(d.xMin()).isCloseTo(0f, within(1e-3f));
        assertThat(d.yMin()).isCloseTo(160f, within(1e-3f));
        assertThat(d.xMax()).isCloseTo(640f, within(1e-3f));
        assertThat(d.yMax()).isCloseTo(320f, within(1e-3f));
        assertThat(d.label()).isEqualTo("bus");
        assertThat(d.score()).isCloseTo(0.8f, within(1e-6f));
    }

    @Test
    void eachImageOfABatchKeepsItsOwnDetectionsAndFrameSize() {
        float[][] anchors = {{0, 0, 150, 150}, {150, 150, 300, 300}};
        float[][][] scores = {
            {BACKGROUND, BACKGROUND},
            {score(2, 0.9f), BACKGROUND},
            {BACKGROUND, score(1, 0.3f)},
        };
        List<List<DetectedObject>> out = run(DetectionThresholds.DEFAULTS, anchors, scores,
                List.of(NETWORK_FRAME, new FrameSize(600, 300), new FrameSize(30, 60)));
        assertThat(out.get(0)).isEmpty();
        assertThat(out.get(1)).singleElement().satisfies(d -> {
            assertThat(d.label()).isEqualTo("person");
            assertThat(d.xMax()).isCloseTo(300f, within(1e-3f));
            assertThat(d.yMax()).isCloseTo(150f, within(1e-3f));
        });
        assertThat(out.get(2)).singleElement().satisfies(d -> {
            assertThat(d.xMin()).isCloseTo(15f, within(1e-3f));
            assertThat(d.yMin()).isCloseTo(30f, within(1e-3f));
        });
    }

    @Test
    void anEmptyBatchOfCandidatesGivesEmptyListsPerImage() {
        float[][] anchors = {{0, 0, 10, 10}};
        float[][][] scores = {{BACKGROUND}, {BACKGROUND}};
        assertThat(run(DetectionThresholds.DEFAULTS, anchors, scores, List.of(NETWORK_FRAME, NETWORK_FRAME)))
                .containsExactly(List.of(), List.of());
    }
}
