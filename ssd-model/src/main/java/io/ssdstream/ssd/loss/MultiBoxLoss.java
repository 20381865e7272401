package io.ssdstream.ssd.loss;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.boxes.BoxOps;
import io.ssdstream.ssd.boxes.SsdMatcher;
import java.util.List;

/**
 * The SSD paper's <em>MultiBox loss</em>, torchvision's {@code SSD.compute_loss}: default boxes are matched to the
 * ground truth ({@link SsdMatcher}); the localization term is smooth L1 (beta 1, summed) between the positives'
 * predicted deltas and their {@link BoxCoder encoded} matched boxes; the confidence term is softmax cross-entropy
 * summed over the positives and over the negatives chosen by hard negative mining. Both
 * terms are divided by the number of matched default boxes in the batch (at least 1).
 *
 * <p>The loss is differentiable with respect to the logits and the box regression: on their path only NDArray
 * operations are used; matching, targets and the negative selection are computed from values without gradient.
 * Intermediate arrays belong to the inputs' managers, so a training step should run inside a sub-manager (or
 * {@code NDScope}) that it closes afterwards.
 */
public final class MultiBoxLoss {

    private static final float SMOOTH_L1_BETA = 1f;

    private final HardNegativeMining mining;
    private final SsdMatcher matcher;
    private final BoxCoder coder;

    public MultiBoxLoss(int negativeToPositiveRatio, SsdMatcher matcher, BoxCoder coder) {
        if (matcher == null || coder == null) {
            throw new IllegalArgumentException("the MultiBox loss needs a matcher and a box coder");
        }
        this.mining = new HardNegativeMining(negativeToPositiveRatio);
        this.matcher = matcher;
        this.coder = coder;
    }

    /**
     * Computes both loss terms for a batch.
     *
     * @param clsLogits (N, A, K) class logits, background at class 0
     * @param bboxRegression (N, A, 4) predicted box deltas
     * @param anchors (A, 4) default boxes, xyxy network-input pixels
     * @param targets N per-image ground truths in the same pixel frame
     */
    public LossTerms compute(NDArray clsLogits, NDArray bboxRegression, NDArray anchors,
            List<DetectionTarget> targets) {
        Shape logits = clsLogits.getShape();
        if (logits.dimension() != 3) {
            throw new IllegalArgumentException("class logits must be (images, anchors, classes), got " + logits);
        }
        int images = Math.toIntExact(logits.get(0));
        int anchorCount = Math.toIntExact(logits.get(1));
        int classes = Math.toIntExact(logits.get(2));
        if (!bboxRegression.getShape().equals(new Shape(images, anchorCount, 4))) {
            throw new IllegalArgumentException("box regression must be (" + images + ", " + anchorCount
                    + ", 4) to match class logits " + logits + ", got " + bboxRegression.getShape());
        }
        if (!anchors.getShape().equals(new Shape(anchorCount, 4))) {
            throw new IllegalArgumentException("anchors must be (" + anchorCount + ", 4) to match class logits "
                    + logits + ", got " + anchors.getShape());
        }
        if (targets.size() != images) {
            throw new IllegalArgumentException(
                    "need one target per image: " + images + " images, " + targets.size() + " targets");
        }

        NDManager manager = clsLogits.getManager();
        Device device = clsLogits.getDevice();
        NDList matchedBoxes = new NDList(images);
        NDList classTargets = new NDList(images);
        NDList foregrounds = new NDList(images);
        for (int i = 0; i < images; i++) {
            DetectionTarget target = targets.get(i);
            requireLabelsBelow(classes, target, i);
            if (target.count() == 0) {
                // no objects: every anchor is background; anchors stand in as finite, never-used matched boxes
                matchedBoxes.add(anchors);
                classTargets.add(manager.zeros(new Shape(anchorCount), DataType.INT64, device));
                foregrounds.add(manager.zeros(new Shape(anchorCount), DataType.BOOLEAN, device));
                continue;
            }
            NDArray boxes = manager.create(target.boxes(), new Shape(target.count(), 4))
                    .toType(anchors.getDataType(), false)
                    .toDevice(anchors.getDevice(), false);
            NDArray matched = matcher.match(BoxOps.iou(boxes, anchors));
            NDArray foreground = matched.gte(0L);
            NDIndex gtOfAnchor = new NDIndex("{}", matched.maximum(0L));
            NDArray labels = manager.create(toLong(target.labels())).toDevice(device, false);
            matchedBoxes.add(boxes.get(gtOfAnchor));
            classTargets.add(labels.get(gtOfAnchor).mul(foreground.toType(DataType.INT64, false)));
            foregrounds.add(foreground);
        }
        NDArray foreground = NDArrays.stack(foregrounds);
        float normalizer = Math.max(1L, foreground.sum().getLong());

        NDIndex positives = new NDIndex("{}", foreground);
        NDArray regressionTargets = coder.encode(NDArrays.stack(matchedBoxes), anchors);
        NDArray boxRegression = SmoothL1.sum(bboxRegression.get(positives), regressionTargets.get(positives),
                SMOOTH_L1_BETA).div(normalizer);

        NDArray classTarget = NDArrays.stack(classTargets);
        // DJL's PyTorch engine has no 3-D softmax cross-entropy: flatten to (N * A, K) and pick the target column
        NDArray crossEntropy = clsLogits.reshape(images * (long) anchorCount, classes)
                .logSoftmax(1)
                .gather(classTarget.reshape(images * (long) anchorCount, 1), 1)
                .neg()
                .reshape(images, anchorCount);
        NDArray objects = classTarget.gt(0L);
        boolean[] hardNegatives = mining.select(
                crossEntropy.toType(DataType.FLOAT32, false).toFloatArray(), objects.toBooleanArray(), anchorCount);
        NDArray negatives = manager.create(hardNegatives, new Shape(images, anchorCount)).toDevice(device, false);
        NDArray classification = crossEntropy.get(new NDIndex("{}", objects)).sum()
                .add(crossEntropy.get(new NDIndex("{}", negatives)).sum())
                .div(normalizer);
        return new LossTerms(boxRegression, classification);
    }

    private static void requireLabelsBelow(int classes, DetectionTarget target, int image) {
        for (int label : target.labels()) {
            if (label >= classes) {
                throw new IllegalArgumentException("target " + image + " has label " + label + " but the classifier has "
                        + classes + " classes (0.." + (classes - 1) + ")");
            }
        }
    }

    private static long[] toLong(int[] values) {
        long[] longs = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            longs[i] = values[i];
        }
        return longs;
    }
}
