package io.ssdstream.ssd.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ssdstream.ssd.boxes.BoxCoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model with more than 2^16 default boxes (a large input or many aspect ratios): a candidate past index 65535
 * must come back with its own box, on both the sparse and the dense path.
 */
class ManyDefaultBoxesTest {

    private static final List<String> CLASSES = List.of("__background__", "car", "person");
    private static final int ANCHORS = 70_001;
    /** Its low 16 bits name another default box, 70_000 - 65_536 = 4_464. */
    private static final int TARGET = 70_000;
    /** A weaker object early on, so the target is not the only survivor on the sparse path. */
    private static final int OTHER = 10;

    private static List<DetectedObject> detect(float otherPersonScore, DetectionThresholds thresholds) {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] logits = new float[ANCHORS * CLASSES.size()];
            float[] anchors = new float[ANCHORS * 4];
            for (int a = 0; a < ANCHORS; a++) {
                float p = a == TARGET ? 0.9f : a == OTHER ? 0.5f : otherPersonScore;
                logits[3 * a] = (float) Math.log(1 - p);
                logits[3 * a + 1] = -1e4f;
                logits[3 * a + 2] = p == 0 ? -1e4f : (float) Math.log(p);
                // small disjoint boxes along the diagonal, clipped to the image past 290
                float at = a % 290;
                anchors[4 * a] = at;
                anchors[4 * a + 1] = at;
                anchors[4 * a + 2] = at + 1;
                anchors[4 * a + 3] = at + 1;
            }
            anchors[4 * TARGET] = 100;
            anchors[4 * TARGET + 1] = 120;
            anchors[4 * TARGET + 2] = 200;
            anchors[4 * TARGET + 3] = 260;
            NDArray classLogits = manager.create(logits, new Shape(1, ANCHORS, CLASSES.size()));
            NDArray deltas = manager.zeros(new Shape(1, ANCHORS, 4));
            NDArray anchorArray = manager.create(anchors, new Shape(ANCHORS, 4));
            return new SsdPostprocessor(300, thresholds, CLASSES, BoxCoder.SSD)
                    .process(classLogits, deltas, anchorArray, List.of(new FrameSize(300, 300))).get(0);
        }
    }

    private static void assertTargetFirst(List<DetectedObject> detections) {
        assertThat(detections).isNotEmpty();
        DetectedObject top = detections.get(0);
        assertThat(top.label()).isEqualTo("person");
        assertThat(top.score()).isCloseTo(0.9f, within(1e-5f));
        assertThat(new float[] {top.xMin(), top.yMin(), top.xMax(), top.yMax()})
                .containsExactly(new float[] {100, 120, 200, 260}, within(1e-3f));
    }

    @Test
    void sparsePathKeepsTheBoxOfADefaultBoxPastSixteenBits() {
        assertTargetFirst(detect(0, DetectionThresholds.DEFAULTS));
    }

    @Test
    void densePathKeepsTheBoxOfADefaultBoxPastSixteenBits() {
        // every default box scores 0.05 for person, above the 0.01 threshold: the device-side top-k path
        assertTargetFirst(detect(0.05f, DetectionThresholds.DEFAULTS));
    }
}
