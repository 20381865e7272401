package io.ssdstream.ssd.boxes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BoxCoderTest {

    private static final Offset<Float> CLOSE = within(1e-4f);

    @Test
    void encodesOneBoxAgainstOneAnchorByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            // anchor: centre (5, 10), size 10 x 20; box: centre (8, 14), size 12 x 20
            NDArray anchor = m.create(new float[] {0, 0, 10, 20}, new Shape(1, 4));
            NDArray box = m.create(new float[] {2, 4, 14, 24}, new Shape(1, 4));
            float[] deltas = BoxCoder.SSD.encode(box, anchor).toFloatArray();
            assertThat(deltas[0]).isCloseTo(10f * 3 / 10, CLOSE);
            assertThat(deltas[1]).isCloseTo(10f * 4 / 20, CLOSE);
            assertThat(deltas[2]).isCloseTo((float) (5 * Math.log(12.0 / 10)), CLOSE);
            assertThat(deltas[3]).isCloseTo(0f, CLOSE);
        }
    }

    @Test
    void decodesOneDeltaByHand() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray anchor = m.create(new float[] {0, 0, 10, 20}, new Shape(1, 4));
            NDArray deltas = m.create(new float[] {3, 2, (float) (5 * Math.log(1.2)), 0}, new Shape(1, 4));
            assertThat(BoxCoder.SSD.decode(deltas, anchor).toFloatArray())
                    .containsExactly(new float[] {2, 4, 14, 24}, CLOSE);
        }
    }

    @Test
    void decodeInvertsEncode() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random random = new Random(7);
            int count = 50;
            float[] anchors = randomBoxes(random, count);
            float[] boxes = randomBoxes(random, count);
            NDArray anchorArray = m.create(anchors, new Shape(count, 4));
            NDArray deltas = BoxCoder.SSD.encode(m.create(boxes, new Shape(count, 4)), anchorArray);
            assertThat(deltas.getShape()).isEqualTo(new Shape(count, 4));
            assertThat(BoxCoder.SSD.decode(deltas, anchorArray).toFloatArray()).containsExactly(boxes, within(2e-3f));
        }
    }

    @Test
    void clampsWidthAndHeightDeltasAtLogOf1000Over16() {
        double clip = Math.log(1000.0 / 16);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray anchor = m.create(new float[] {0, 0, 10, 10}, new Shape(1, 4));
            // dw / 5 = 10 is clamped: the width grows 62.5-fold, not e^10-fold; dh / 5 = 4 is below the clamp
            float[] box = BoxCoder.SSD.decode(m.create(new float[] {0, 0, 50, 5 * 4.0f}, new Shape(1, 4)), anchor)
                    .toFloatArray();
            assertThat(box[2] - box[0]).isCloseTo(625f, within(1e-2f));
            assertThat(box[0]).isCloseTo(5 - 312.5f, within(1e-2f));
            assertThat(box[3] - box[1]).isCloseTo((float) (10 * Math.exp(4.0)), within(1e-2f));

            // the clamp sits exactly at log(1000 / 16): a little below it still scales, at and above it saturates
            float[] widths = new float[3];
            double[] logScales = {clip - 0.01, clip, clip + 0.5};
            for (int i = 0; i < 3; i++) {
                float dw = (float) (5 * logScales[i]);
                float[] b = BoxCoder.SSD.decode(m.create(new float[] {0, 0, dw, dw}, new Shape(1, 4)), anchor)
                        .toFloatArray();
                widths[i] = b[2] - b[0];
            }
            assertThat(widths[0]).isCloseTo((float) (10 * Math.exp(clip - 0.01)), within(1e-2f)).isLessThan(624f);
            assertThat(widths[1]).isCloseTo(625f, within(1e-2f));
            assertThat(widths[2]).isCloseTo(625f, within(1e-2f));
        }
    }

    @Test
    void decodesABatchAgainstSharedAnchors() {
        try (NDManager m = NDManager.newBaseManager()) {
            Random random = new Random(11);
            int images = 2;
            int count = 3;
            NDArray anchors = m.create(randomBoxes(random, count), new Shape(count, 4));
            float[] deltas = new float[images * count * 4];
            for (int i = 0; i < deltas.length; i++) {
                deltas[i] = (float) random.nextGaussian();
            }
            NDArray batch = m.create(deltas, new Shape(images, count, 4));
            NDArray decoded = BoxCoder.SSD.decode(batch, anchors);
            assertThat(decoded.getShape()).isEqualTo(new Shape(images, count, 4));
            float[] all = decoded.toFloatArray();
            float[] anchorValues = anchors.toFloatArray();
            for (int i = 0; i < images; i++) {
                for (int a = 0; a < count; a++) {
                    int d = (i * count + a) * 4;
                    float[] expected = decodeByHand(deltas, d, anchorValues, 4 * a);
                    for (int c = 0; c < 4; c++) {
                        assertThat(all[d + c]).as("image %d anchor %d coordinate %d", i, a, c)
                                .isCloseTo(expected[c], within(1e-3f));
                    }
                }
            }
        }
    }

    @Test
    void encodesABatchOfMatchedBoxesAgainstSharedAnchors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray anchors = m.create(new float[] {0, 0, 10, 20, 10, 10, 30, 30}, new Shape(2, 4));
            NDArray boxes = m.create(new float[] {2, 4, 14, 24, 10, 10, 30, 30, 0, 0, 10, 20, 15, 15, 25, 25},
                    new Shape(2, 2, 4));
            NDArray deltas = BoxCoder.SSD.encode(boxes, anchors);
            assertThat(deltas.getShape()).isEqualTo(new Shape(2, 2, 4));
            float[] d = deltas.toFloatArray();
            assertThat(new float[] {d[0], d[1], d[2], d[3]})
                    .containsExactly(new float[] {3, 2, (float) (5 * Math.log(1.2)), 0}, CLOSE);
            assertThat(new float[] {d[4], d[5], d[6], d[7]}).containsExactly(new float[] {0, 0, 0, 0}, CLOSE);
            float halved = (float) (5 * Math.log(0.5));
            assertThat(new float[] {d[12], d[13], d[14], d[15]})
                    .containsExactly(new float[] {0, 0, halved, halved}, CLOSE);
        }
    }

    @Test
    void customWeightsScaleTheDeltas() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray anchor = m.create(new float[] {0, 0, 10, 20}, new Shape(1, 4));
            NDArray box = m.create(new float[] {2, 4, 14, 24}, new Shape(1, 4));
            BoxCoder unit = new BoxCoder(1, 1, 1, 1, BoxCoder.DEFAULT_CLIP);
            assertThat(unit.encode(box, anchor).toFloatArray())
                    .containsExactly(new float[] {0.3f, 0.2f, (float) Math.log(1.2), 0}, CLOSE);
        }
    }

    @Test
    void rejectsMismatchedShapesWithAClearMessage() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray anchors = m.zeros(new Shape(5, 4));
            assertThatThrownBy(() -> BoxCoder.SSD.decode(m.zeros(new Shape(2, 6, 4)), anchors))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(N, 5, 4)")
                    .hasMessageContaining("(2, 6, 4)");
            assertThatThrownBy(() -> BoxCoder.SSD.decode(m.zeros(new Shape(5, 3)), anchors))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("deltas must end in a dimension of 4");
            assertThatThrownBy(() -> BoxCoder.SSD.encode(m.zeros(new Shape(3, 4)), anchors))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("do not broadcast");
        }
        assertThatThrownBy(() -> new BoxCoder(10, 0, 5, 5, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights must be positive");
    }

    private static float[] decodeByHand(float[] deltas, int d, float[] anchors, int a) {
        double w = anchors[a + 2] - anchors[a];
        double h = anchors[a + 3] - anchors[a + 1];
        double cx = anchors[a] + 0.5 * w;
        double cy = anchors[a + 1] + 0.5 * h;
        double x = deltas[d] / 10.0 * w + cx;
        double y = deltas[d + 1] / 10.0 * h + cy;
        double pw = Math.exp(Math.min(deltas[d + 2] / 5.0, Math.log(1000.0 / 16))) * w;
        double ph = Math.exp(Math.min(deltas[d + 3] / 5.0, Math.log(1000.0 / 16))) * h;
        return new float[] {(float) (x - pw / 2), (float) (y - ph / 2), (float) (x + pw / 2), (float) (y + ph / 2)};
    }

    private static float[] randomBoxes(Random random, int count) {
        float[] boxes = new float[count * 4];
        for (int i = 0; i < count; i++) {
            float x = random.nextFloat() * 300;
            float y = random.nextFloat() * 300;
            boxes[4 * i] = x;
            boxes[4 * i + 1] = y;
            boxes[4 * i + 2] = x + 5 + random.nextFloat() * 200;
            boxes[4 * i + 3] = y + 5 + random.nextFloat() * 200;
        }
        return boxes;
    }
}
