package io.ssdstream.ssd.boxes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BoxOpsTest {

    private static final float[] UNIT_2 = {0, 0, 2, 2};
    private static final float[] SHIFTED = {1, 1, 3, 3};
    private static final float[] FAR = {10, 10, 12, 12};
    private static final float[] TOUCHING = {2, 0, 4, 2};
    private static final float[] BIG = {0, 0, 4, 4};

    @Test
    void iouIsAGtByAnchorMatrixOfHandComputedOverlaps() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray gts = m.create(concat(UNIT_2, BIG), new Shape(2, 4));
            NDArray anchors = m.create(concat(UNIT_2, SHIFTED, FAR), new Shape(3, 4));
            NDArray iou = BoxOps.iou(gts, anchors);
            assertThat(iou.getShape()).isEqualTo(new Shape(2, 3));
            assertThat(iou.toFloatArray()).containsExactly(new float[] {
                1f, 1f / 7, 0f,                // identical, one unit overlap of 4 + 4 - 1, disjoint
                4f / 16, 4f / 16, 0f           // contained 2x2 boxes in a 4x4 box
            }, within(1e-6f));
        }
    }

    @Test
    void edgeContactIsNoOverlap() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray iou = BoxOps.iou(m.create(UNIT_2, new Shape(1, 4)), m.create(TOUCHING, new Shape(1, 4)));
            assertThat(iou.toFloatArray()).containsExactly(0f);
        }
    }

    @Test
    void noGroundTruthGivesAnEmptyMatrix() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray iou = BoxOps.iou(m.zeros(new Shape(0, 4)), m.create(concat(UNIT_2, FAR), new Shape(2, 4)));
            assertThat(iou.getShape()).isEqualTo(new Shape(0, 2));
        }
    }

    @Test
    void hostIouMatchesTheHandValues() {
        float[] boxes = concat(UNIT_2, SHIFTED, FAR, TOUCHING, BIG);
        assertThat(BoxOps.iou(boxes, 0, 0)).isEqualTo(1f);
        assertThat(BoxOps.iou(boxes, 0, 1)).isCloseTo(1f / 7, within(1e-7f));
        assertThat(BoxOps.iou(boxes, 1, 0)).isCloseTo(1f / 7, within(1e-7f));
        assertThat(BoxOps.iou(boxes, 0, 2)).isZero();
        assertThat(BoxOps.iou(boxes, 0, 3)).isZero();
        assertThat(BoxOps.iou(boxes, 4, 1)).isEqualTo(0.25f);
    }

    @Test
    void zeroAreaPairsGiveNaNAsTorchvision() {
        float[] points = {5, 5, 5, 5, 5, 5, 5, 5};
        assertThat(BoxOps.iou(points, 0, 1)).isNaN();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray point = m.create(new float[] {5, 5, 5, 5}, new Shape(1, 4));
            assertThat(BoxOps.iou(point, point).toFloatArray()[0]).isNaN();
        }
    }

    @Test
    void hostIouRejectsBadIndices() {
        assertThatThrownBy(() -> BoxOps.iou(UNIT_2, 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside 0..0");
        assertThatThrownBy(() -> BoxOps.iou(new float[5], 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 4");
    }

    @Test
    void areaIsWidthTimesHeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray area = BoxOps.area(m.create(new float[] {0, 0, 2, 3, 1, 1, 5, 2}, new Shape(2, 4)));
            assertThat(area.toFloatArray()).containsExactly(6f, 4f);
        }
    }

    @Test
    void clipClampsXToTheWidthAndYToTheHeight() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray boxes = m.create(new float[] {
                -5, -3, 310, 200,
                10, 20, 30, 40,
                250, 140, 400, 400,
                -10, -10, -1, -2}, new Shape(2, 2, 4));
            NDArray clipped = BoxOps.clipToImage(boxes, 300, 150);
            assertThat(clipped.getShape()).isEqualTo(new Shape(2, 2, 4));
            assertThat(clipped.toFloatArray()).containsExactly(
                    0, 0, 300, 150,
                    10, 20, 30, 40,
                    250, 140, 300, 150,
                    0, 0, 0, 0);
        }
    }

    @Test
    void rejectsBoxesWithoutFourCoordinates() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> BoxOps.iou(m.zeros(new Shape(2, 5)), m.zeros(new Shape(3, 4))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("first boxes must be (count, 4)")
                    .hasMessageContaining("(2, 5)");
        }
    }

    private static float[] concat(float[]... boxes) {
        float[] all = new float[boxes.length * 4];
        for (int i = 0; i < boxes.length; i++) {
            System.arraycopy(boxes[i], 0, all, 4 * i, 4);
        }
        return all;
    }
}
