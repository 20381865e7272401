package io.ssdstream.ssd.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.boxes.SsdMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultiBoxLossTest {

    private static final int CLASSES = 3;
    private static final float[] ANCHORS = {
        0, 0, 10, 10,
        5, 0, 15, 10,
        20, 20, 30, 30,
        0, 0, 20, 20,
        40, 40, 50, 50,
        4, 4, 14, 14,
        60, 60, 80, 80,
        24, 24, 34, 34,
        100, 100, 120, 130,
        0, 50, 30, 70};
    private static final int A = ANCHORS.length / 4;

    private static final MultiBoxLoss LOSS = new MultiBoxLoss(3, new SsdMatcher(0.5), BoxCoder.SSD);

    /** One positive (anchor 0), no objects, two positives (anchors 2 and 4). */
    private static final List<DetectionTarget> TARGETS = List.of(
            new DetectionTarget(new float[] {1, 1, 11, 11}, new int[] {2}),
            DetectionTarget.empty(),
            new DetectionTarget(new float[] {20, 20, 30, 30, 40, 40, 52, 52}, new int[] {1, 2}));

    @Test
    void matchesAStraightforwardLoopOverTorchvisionsDefinition() {
        Random random = new Random(3);
        float[] logits = gaussian(random, TARGETS.size() * A * CLASSES, 1.5);
        float[] regression = gaussian(random, TARGETS.size() * A * 4, 2.0);
        double[] expected = reference(logits, regression, TARGETS);
        assertThat(expected[2]).as("positives in the fixture").isEqualTo(3);

        try (NDManager m = NDManager.newBaseManager()) {
            LossTerms terms = compute(m, logits, regression, TARGETS);
            assertThat(terms.boxRegression().getShape()).isEqualTo(new Shape());
            assertThat((double) terms.boxRegression().getFloat()).isCloseTo(expected[0], within(1e-4));
            assertThat((double) terms.classification().getFloat()).isCloseTo(expected[1], within(1e-4));
            assertThat((double) terms.total().getFloat()).isCloseTo(expected[0] + expected[1], within(1e-4));
        }
    }

    @Test
    void positivesReenterTheNegativesWhenTheImageRunsOutOfNegatives() {
        // three positives want nine negatives, but only seven anchors are negative: torchvision's rank < 9 also
        // takes the first two positives (anchors 0 and 2) a second time
        List<DetectionTarget> crowded = List.of(new DetectionTarget(
                new float[] {0, 0, 10, 10, 20, 20, 30, 30, 40, 40, 50, 50}, new int[] {1, 2, 1}));
        Random random = new Random(5);
        float[] logits = gaussian(random, A * CLASSES, 1.0);
        float[] regression = gaussian(random, A * 4, 0.5);
        double[] expected = reference(logits, regression, crowded);
        double positiveCe = crossEntropy(logits, 0, 1) + crossEntropy(logits, 2, 2) + crossEntropy(logits, 4, 1);
        double allNegativeCe = 0;
        for (int a : new int[] {1, 3, 5, 6, 7, 8, 9}) {
            allNegativeCe += crossEntropy(logits, a, 0);
        }
        double twice = crossEntropy(logits, 0, 1) + crossEntropy(logits, 2, 2);
        assertThat(expected[1]).isCloseTo((positiveCe + allNegativeCe + twice) / 3, within(1e-9));
        try (NDManager m = NDManager.newBaseManager()) {
            LossTerms terms = compute(m, logits, regression, crowded);
            assertThat((double) terms.classification().getFloat()).isCloseTo(expected[1], within(1e-4));
            assertThat((double) terms.boxRegression().getFloat()).isCloseTo(expected[0], within(1e-4));
        }
    }

    @Test
    void gradientsReachTheLogitsAndThePositivesRegression() {
        Random random = new Random(3);
        float[] logits = gaussian(random, TARGETS.size() * A * CLASSES, 1.5);
        float[] regression = gaussian(random, TARGETS.size() * A * 4, 2.0);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logitArray = m.create(logits, new Shape(TARGETS.size(), A, CLASSES));
            NDArray regressionArray = m.create(regression, new Shape(TARGETS.size(), A, 4));
            logitArray.setRequiresGradient(true);
            regressionArray.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossTerms terms = LOSS.compute(logitArray, regressionArray, m.create(ANCHORS, new Shape(A, 4)), TARGETS);
                collector.backward(terms.total());
            }
            float[] logitGrad = logitArray.getGradient().toFloatArray();
            float[] regressionGrad = regressionArray.getGradient().toFloatArray();

            assertThat(maxAbs(logitGrad)).isGreaterThan(0f);
            // image 1 has no objects, so no anchor of it is positive or mined
            for (int i = A * CLASSES; i < 2 * A * CLASSES; i++) {
                assertThat(logitGrad[i]).as("logit gradient of the empty image at %d", i).isZero();
            }

            // image 0 anchor 0 is the only positive of image 0: its gradient is smooth L1's derivative over N = 3
            double[] target = encode(new double[] {1, 1, 11, 11}, 0);
            for (int c = 0; c < 4; c++) {
                double d = regression[c] - target[c];
                double derivative = Math.abs(d) < 1 ? d : Math.signum(d);
                assertThat((double) regressionGrad[c]).as("coordinate %d", c).isCloseTo(derivative / 3, within(1e-5));
            }
            // positives: image 0 anchor 0, image 2 anchors 2 and 4; every other box delta gets no gradient
            List<Integer> expectedRows = List.of(0, 2 * A + 2, 2 * A + 4);
            for (int row = 0; row < TARGETS.size() * A; row++) {
                boolean hasGradient = false;
                for (int c = 0; c < 4; c++) {
                    hasGradient |= regressionGrad[4 * row + c] != 0;
                }
                assertThat(hasGradient).as("regression gradient of row %d", row).isEqualTo(expectedRows.contains(row));
            }
            // classification reaches the positives and three mined negatives per positive: 1 + 3 in image 0, 2 + 6 in image 2
            assertThat(anchorsWithGradient(logitGrad, 0)).isEqualTo(4);
            assertThat(anchorsWithGradient(logitGrad, 2)).isEqualTo(8);
        }
    }

    @Test
    void aBatchWithoutObjectsCostsNothingAndStillBackpropagates() {
        List<DetectionTarget> empty = List.of(DetectionTarget.empty(), DetectionTarget.empty());
        Random random = new Random(1);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray logits = m.create(gaussian(random, 2 * A * CLASSES, 1), new Shape(2, A, CLASSES));
            NDArray regression = m.create(gaussian(random, 2 * A * 4, 1), new Shape(2, A, 4));
            logits.setRequiresGradient(true);
            regression.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossTerms terms = LOSS.compute(logits, regression, m.create(ANCHORS, new Shape(A, 4)), empty);
                assertThat(terms.boxRegression().getFloat()).isZero();
                assertThat(terms.classification().getFloat()).isZero();
                collector.backward(terms.total());
            }
            assertThat(maxAbs(logits.getGradient().toFloatArray())).isZero();
            assertThat(maxAbs(regression.getGradient().toFloatArray())).isZero();
        }
    }

    @Test
    void rejectsInconsistentInputsWithClearMessages() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray anchors = m.create(ANCHORS, new Shape(A, 4));
            NDArray logits = m.zeros(new Shape(3, A, CLASSES));
            NDArray regression = m.zeros(new Shape(3, A, 4));
            assertThatThrownBy(() -> LOSS.compute(logits, m.zeros(new Shape(3, A, 5)), anchors, TARGETS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("box regression must be (3, 10, 4)");
            assertThatThrownBy(() -> LOSS.compute(logits, regression, m.zeros(new Shape(A + 1, 4)), TARGETS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("anchors must be (10, 4)");
            assertThatThrownBy(() -> LOSS.compute(logits, regression, anchors, TARGETS.subList(0, 2)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("3 images, 2 targets");
            assertThatThrownBy(() -> LOSS.compute(m.zeros(new Shape(3, A * CLASSES)), regression, anchors, TARGETS))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(images, anchors, classes)");
            List<DetectionTarget> unknownClass = List.of(TARGETS.get(0), TARGETS.get(1),
                    new DetectionTarget(new float[] {0, 0, 5, 5}, new int[] {3}));
            assertThatThrownBy(() -> LOSS.compute(logits, regression, anchors, unknownClass))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("target 2 has label 3")
                    .hasMessageContaining("3 classes");
        }
    }

    private static LossTerms compute(NDManager m, float[] logits, float[] regression, List<DetectionTarget> targets) {
        int n = targets.size();
        return LOSS.compute(m.create(logits, new Shape(n, A, CLASSES)), m.create(regression, new Shape(n, A, 4)),
                m.create(ANCHORS, new Shape(A, 4)), targets);
    }

    /**
     * torchvision's {@code SSD.forward} matching and {@code compute_loss}, restated anchor by anchor in double
     * precision: {box regression, classification, matched anchors}.
     */
    private static double[] reference(float[] logits, float[] regression, List<DetectionTarget> targets) {
        double boxLoss = 0;
        double classLoss = 0;
        int matchedTotal = 0;
        for (int img = 0; img < targets.size(); img++) {
            float[] gt = targets.get(img).boxes();
            int[] labels = targets.get(img).labels();
            int g = labels.length;
            int[] matched = new int[A];
            for (int a = 0; a < A; a++) {
                int best = -1;
                double bestIou = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < g; j++) {
                    double iou = iou(gt, j, a);
                    if (iou > bestIou) {
                        bestIou = iou;
                        best = j;
                    }
                }
                matched[a] = g > 0 && bestIou >= 0.5 ? best : -1;
            }
            for (int j = 0; j < g; j++) {
                int bestAnchor = 0;
                for (int a = 1; a < A; a++) {
                    if (iou(gt, j, a) > iou(gt, j, bestAnchor)) {
                        bestAnchor = a;
                    }
                }
                matched[bestAnchor] = j;
            }

            double[] ce = new double[A];
            boolean[] positive = new boolean[A];
            int positives = 0;
            for (int a = 0; a < A; a++) {
                int label = matched[a] >= 0 ? labels[matched[a]] : 0;
                ce[a] = crossEntropy(logits, img * A + a, label);
                positive[a] = label > 0;
                if (matched[a] >= 0) {
                    matchedTotal++;
                    double[] box = {gt[4 * matched[a]], gt[4 * matched[a] + 1], gt[4 * matched[a] + 2],
                        gt[4 * matched[a] + 3]};
                    double[] t = encode(box, a);
                    for (int c = 0; c < 4; c++) {
                        double d = regression[(img * A + a) * 4 + c] - t[c];
                        boxLoss += Math.abs(d) < 1 ? 0.5 * d * d : Math.abs(d) - 0.5;
                    }
                }
                if (positive[a]) {
                    positives++;
                    classLoss += ce[a];
                }
            }
            List<Integer> order = new ArrayList<>();
            for (int a = 0; a < A; a++) {
                order.add(a);
            }
            order.sort(Comparator.<Integer>comparingDouble(a -> positive[a] ? Double.NEGATIVE_INFINITY : ce[a])
                    .reversed().thenComparing(a -> a));
            for (int rank = 0; rank < Math.min(3 * positives, A); rank++) {
                classLoss += ce[order.get(rank)];
            }
        }
        double normalizer = Math.max(1, matchedTotal);
        return new double[] {boxLoss / normalizer, classLoss / normalizer, matchedTotal};
    }

    private static double crossEntropy(float[] logits, int row, int label) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < CLASSES; k++) {
            max = Math.max(max, logits[row * CLASSES + k]);
        }
        double sum = 0;
        for (int k = 0; k < CLASSES; k++) {
            sum += Math.exp(logits[row * CLASSES + k] - max);
        }
        return max + Math.log(sum) - logits[row * CLASSES + label];
    }

    private static double iou(float[] gt, int j, int a) {
        double iw = Math.max(0, Math.min(gt[4 * j + 2], ANCHORS[4 * a + 2]) - Math.max(gt[4 * j], ANCHORS[4 * a]));
        double ih = Math.max(0,
                Math.min(gt[4 * j + 3], ANCHORS[4 * a + 3]) - Math.max(gt[4 * j + 1], ANCHORS[4 * a + 1]));
        double inter = iw * ih;
        double areaG = (gt[4 * j + 2] - gt[4 * j]) * (gt[4 * j + 3] - gt[4 * j + 1]);
        double areaA = (ANCHORS[4 * a + 2] - ANCHORS[4 * a]) * (ANCHORS[4 * a + 3] - ANCHORS[4 * a + 1]);
        return inter / (areaG + areaA - inter);
    }

    /** Regression target of {@code box} against anchor {@code a}, weights (10, 10, 5, 5). */
    private static double[] encode(double[] box, int a) {
        double aw = ANCHORS[4 * a + 2] - ANCHORS[4 * a];
        double ah = ANCHORS[4 * a + 3] - ANCHORS[4 * a + 1];
        double ax = ANCHORS[4 * a] + aw / 2;
        double ay = ANCHORS[4 * a + 1] + ah / 2;
        double bw = box[2] - box[0];
        double bh = box[3] - box[1];
        double bx = box[0] + bw / 2;
        double by = box[1] + bh / 2;
        return new double[] {10 * (bx - ax) / aw, 10 * (by - ay) / ah, 5 * Math.log(bw / aw), 5 * Math.log(bh / ah)};
    }

    private static float[] gaussian(Random random, int count, double scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return values;
    }

    private static int anchorsWithGradient(float[] logitGrad, int image) {
        int count = 0;
        for (int a = 0; a < A; a++) {
            boolean any = false;
            for (int k = 0; k < CLASSES; k++) {
                any |= logitGrad[(image * A + a) * CLASSES + k] != 0;
            }
            count += any ? 1 : 0;
        }
        return count;
    }

    private static float maxAbs(float[] values) {
        float max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
