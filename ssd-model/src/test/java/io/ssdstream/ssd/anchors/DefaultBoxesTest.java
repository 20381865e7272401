package io.ssdstream.ssd.anchors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ssdstream.ssd.model.SsdArchitecture;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultBoxesTest {

    private static final SsdArchitecture SSD300 = SsdArchitecture.ssd300(91);
    private static final DefaultBoxes BOXES = new DefaultBoxes(SSD300);
    private static final int[] SSD300_MAP_OFFSETS = {0, 5776, 5776 + 2166, 8542, 8692, 8728};

    @Test
    void ssd300HasTorchvisionsBoxCountPerFeatureMap() {
        assertThat(BOXES.count()).isEqualTo(8732);
        int[] perMap = new int[6];
        for (int k = 0; k < 6; k++) {
            perMap[k] = BOXES.countOnMap(k);
        }
        assertThat(perMap).containsExactly(5776, 2166, 600, 150, 36, 4);
        assertThat(BOXES.centerForm()).hasSize(8732 * 4);
        assertThat(BOXES.cornerFormPixels()).hasSize(8732 * 4);
    }

    @Test
    void firstLocationOfConv4_3HoldsTheSquaresThenTheRatioPair() {
        float centre = 0.5f / 37.5f;
        assertThat(box(0)).containsExactly(centre, centre, 0.07f, 0.07f);
        assertThat(box(1)).containsExactly(centre, centre, (float) Math.sqrt(0.07 * 0.15), (float) Math.sqrt(0.07 * 0.15));
        float wide = (float) (0.07 * Math.sqrt(2));
        float tall = (float) (0.07 / Math.sqrt(2));
        assertThat(box(2)).containsExactly(centre, centre, wide, tall);
        assertThat(box(3)).containsExactly(centre, centre, tall, wide);
    }

    @Test
    void boxesRunAlongARowBeforeTheNextRow() {
        // conv4_3 has 4 boxes per location: box 4 is (i=0, j=1), box 38*4 is (i=1, j=0)
        assertThat(box(4)).containsExactly(1.5f / 37.5f, 0.5f / 37.5f, 0.07f, 0.07f);
        assertThat(box(38 * 4)).containsExactly(0.5f / 37.5f, 1.5f / 37.5f, 0.07f, 0.07f);
        // the last conv4_3 centre is 37.5 / 37.5: on the image edge, not clamped
        assertThat(box(5775)[0]).isEqualTo(1f);
        assertThat(box(5775)[1]).isEqualTo(1f);
    }

    @Test
    void fc7CentresUseTheSixteenPixelStep() {
        // six boxes per location; 300 / 16 = 18.75 cells per side
        assertThat(box(5776)).containsExactly(0.5f / 18.75f, 0.5f / 18.75f, 0.15f, 0.15f);
        float wide3 = (float) (0.15 * Math.sqrt(3));
        float tall3 = (float) (0.15 / Math.sqrt(3));
        assertThat(box(5776 + 4)).containsExactly(0.5f / 18.75f, 0.5f / 18.75f, wide3, tall3);
        assertThat(box(5776 + 5)).containsExactly(0.5f / 18.75f, 0.5f / 18.75f, tall3, wide3);
    }

    @Test
    void lastMapClampsOnlyWidthAndHeightToTheImage() {
        int first = SSD300_MAP_OFFSETS[5];
        assertThat(box(first)).containsExactly(0.5f, 0.5f, 0.87f, 0.87f);
        float prime = (float) Math.sqrt(0.87 * 1.05);
        assertThat(box(first + 1)).containsExactly(0.5f, 0.5f, prime, prime);
        // the ratio-2 pair would be 0.87 * sqrt(2) wide: every side past the image is clamped to it, the other kept
        float tall = (float) (0.87 / Math.sqrt(2));
        float[] wide = box(first + 2);
        assertThat(wide).containsExactly(0.5f, 0.5f, 1f, tall);
        assertThat(wide[2]).isLessThan((float) (0.87 * Math.sqrt(2)));
        assertThat(box(first + 3)).containsExactly(0.5f, 0.5f, tall, 1f);
        float[] all = BOXES.centerForm();
        float maxSide = 0;
        for (int b = 0; b < all.length; b += 4) {
            maxSide = Math.max(maxSide, Math.max(all[b + 2], all[b + 3]));
        }
        assertThat(maxSide).isEqualTo(1f);

        float[] corners = BOXES.cornerFormPixels();
        float[] clamped = new float[4];
        System.arraycopy(corners, 4 * (first + 2), clamped, 0, 4);
        assertThat(clamped).containsExactly(0f, (0.5f - 0.5f * tall) * 300f, 300f, (0.5f + 0.5f * tall) * 300f);
    }

    @Test
    void pixelAnchorsReachPastTheImageLikeTorchvisions() {
        float[] corners = BOXES.cornerFormPixels();
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float c : corners) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        // conv9_2 (5x5, step 64, s = 0.51) ratio-3 box: centre 0.5 / 4.6875, half width 0.51 * sqrt(3) / 2
        double halfWidth = 0.51 * Math.sqrt(3) / 2;
        assertThat((double) min).isCloseTo((0.5 / 4.6875 - halfWidth) * 300, within(1e-3));
        assertThat((double) max).isCloseTo((4.5 / 4.6875 + halfWidth) * 300, within(1e-3));
        int extreme = SSD300_MAP_OFFSETS[3] + 4;
        assertThat(corners[4 * extreme]).isEqualTo(min);
    }

    @Test
    void equalsTorchvisionsGridConstructionForEveryBox() {
        float[] expectedCenter = torchvisionGrid(SSD300);
        assertThat(BOXES.centerForm()).containsExactly(expectedCenter);
        float[] expectedCorners = new float[expectedCenter.length];
        for (int b = 0; b < expectedCenter.length; b += 4) {
            float cx = expectedCenter[b];
            float cy = expectedCenter[b + 1];
            float w = expectedCenter[b + 2];
            float h = expectedCenter[b + 3];
            expectedCorners[b] = (cx - 0.5f * w) * 300;
            expectedCorners[b + 1] = (cy - 0.5f * h) * 300;
            expectedCorners[b + 2] = (cx + 0.5f * w) * 300;
            expectedCorners[b + 3] = (cy + 0.5f * h) * 300;
        }
        assertThat(BOXES.cornerFormPixels()).containsExactly(expectedCorners);
    }

    @Test
    void ssd512TilesEachMapExactlyWithoutSteps() {
        SsdArchitecture ssd512 = SsdArchitecture.ssd512(21);
        assertThat(ssd512.steps()).isNull();
        DefaultBoxes boxes = new DefaultBoxes(ssd512);
        assertThat(boxes.count()).isEqualTo(64 * 64 * 4 + 32 * 32 * 6 + 16 * 16 * 6 + 8 * 8 * 6 + 6 * 6 * 6
                + 4 * 4 * 4 + 4).isEqualTo(24732).isEqualTo(ssd512.anchorCount());
        float[] center = boxes.centerForm();
        int[] sizes = {64, 32, 16, 8, 6, 4, 1};
        int offset = 0;
        for (int k = 0; k < sizes.length; k++) {
            int f = sizes[k];
            int perLocation = ssd512.boxesPerLocation(k);
            int lastLocation = offset + (f * f - 1) * perLocation;
            assertThat(center[4 * offset]).as("map %d first cx", k).isEqualTo(0.5f / f);
            assertThat(center[4 * lastLocation]).as("map %d last cx", k).isEqualTo((f - 0.5f) / f);
            assertThat(center[4 * lastLocation + 1]).as("map %d last cy", k).isEqualTo((f - 0.5f) / f);
            assertThat(center[4 * offset + 2]).as("map %d first width", k)
                    .isEqualTo((float) (double) ssd512.scales().get(k));
            offset += f * f * perLocation;
        }
        assertThat(offset).isEqualTo(boxes.count());
        assertThat(torchvisionGrid(ssd512)).containsExactly(center);
    }

    @Test
    void toNDArrayIsTheCornerFormAsCountByFour() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray anchors = BOXES.toNDArray(manager);
            assertThat(anchors.getShape()).isEqualTo(new Shape(8732, 4));
            assertThat(anchors.toFloatArray()).containsExactly(BOXES.cornerFormPixels());
        }
    }

    @Test
    void returnedArraysAreCopies() {
        float[] center = BOXES.centerForm();
        center[0] = 42;
        assertThat(BOXES.centerForm()[0]).isNotEqualTo(42f);
    }

    @Test
    void rejectsAnUnknownFeatureMap() {
        assertThatThrownBy(() -> BOXES.countOnMap(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("feature map index 6");
    }

    private static float[] box(int index) {
        float[] all = BOXES.centerForm();
        float[] one = new float[4];
        System.arraycopy(all, 4 * index, one, 0, 4);
        return one;
    }

    /**
     * torchvision's {@code _grid_default_boxes}, tensor by tensor: a meshgrid of centres repeated once per
     * (w, h) pair, next to the clamped pairs tiled once per location.
     */
    private static float[] torchvisionGrid(SsdArchitecture arch) {
        List<Float> out = new ArrayList<>();
        List<Integer> maps = arch.featureMapSizes();
        for (int k = 0; k < maps.size(); k++) {
            int f = maps.get(k);
            float xf = arch.steps() == null ? f : (float) (arch.imageSize() / (double) arch.steps().get(k));
            float[] shifts = new float[f];
            for (int s = 0; s < f; s++) {
                shifts[s] = ((float) s + 0.5f) / xf;
            }
            List<double[]> whPairs = new ArrayList<>();
            double sk = arch.scales().get(k);
            double sPrime = Math.sqrt(sk * arch.scales().get(k + 1));
            whPairs.add(new double[] {sk, sk});
            whPairs.add(new double[] {sPrime, sPrime});
            for (int ar : arch.aspectRatios().get(k)) {
                double sq = Math.sqrt(ar);
                whPairs.add(new double[] {sk * sq, sk / sq});
                whPairs.add(new double[] {sk / sq, sk * sq});
            }
            float[] shiftX = new float[f * f];
            float[] shiftY = new float[f * f];
            for (int row = 0; row < f; row++) {
                for (int col = 0; col < f; col++) {
                    shiftX[row * f + col] = shifts[col];
                    shiftY[row * f + col] = shifts[row];
                }
            }
            int pairs = whPairs.size();
            for (int r = 0; r < f * f * pairs; r++) {
                int location = r / pairs;
                double[] wh = whPairs.get(r % pairs);
                out.add(shiftX[location]);
                out.add(shiftY[location]);
                out.add(Math.min(1f, Math.max(0f, (float) wh[0])));
                out.add(Math.min(1f, Math.max(0f, (float) wh[1])));
            }
        }
        float[] result = new float[out.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = out.get(i);
        }
        return result;
    }
}
