package io.ssdstream.ssd.postprocess;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.boxes.BoxCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SSD's postprocessing for a whole micro-batch at once, with torchvision's {@code postprocess_detections}
 * semantics: decode the box deltas against the default boxes, clip to the network image, softmax over classes,
 * skip the background, keep scores strictly above the threshold, keep the top-k per class, suppress per class
 * (batched NMS), cap the detections per image after NMS, and scale to each frame's original size with separate x
 * and y ratios.
 *
 * <p>Decoding, softmax, the score filter and the per-class top-k run as batch-wide tensor ops on the model's
 * device; only the surviving candidates (padded to the largest survivor count in the batch) reach the host, where
 * NMS runs. Intermediate arrays join the managers of the arrays they derive from, so all three inputs should
 * belong to the caller's per-call scope (a sub-manager closed after the call); a shared, long-lived anchors array
 * would collect per-call intermediates and leak.
 */
public final class SsdPostprocessor {

    private final int imageSize;
    private final DetectionThresholds thresholds;
    private final List<String> classNames;
    private final BoxCoder coder;

    /**
     * @param imageSize the square network input side the boxes are decoded in
     * @param classNames all class names, background at index 0
     */
    public SsdPostprocessor(int imageSize, DetectionThresholds thresholds, List<String> classNames, BoxCoder coder) {
        if (classNames.size() < 2) {
            throw new IllegalArgumentException("need the background and at least one class, got " + classNames);
        }
        this.imageSize = imageSize;
        this.thresholds = thresholds;
        this.classNames = List.copyOf(classNames);
        this.coder = coder;
    }

    public DetectionThresholds thresholds() {
        return thresholds;
    }

    /**
     * @param classLogits (N, A, K) raw class scores, K = number of class names
     * @param boxRegression (N, A, 4) box deltas
     * @param anchors (A, 4) default boxes, x1 y1 x2 y2 in network pixels
     * @param frames each image's original size, N of them
     * @return per image, its detections by descending score
     */
    public List<List<Detection>> process(NDArray classLogits, NDArray boxRegression, NDArray anchors, List<FrameSize> frames) {
        long[] shape = classLogits.getShape().getShape();
        int batch = (int) shape[0];
        int anchorCount = (int) shape[1];
        int classes = (int) shape[2] - 1;
        if (classes + 1 != classNames.size()) {
            throw new IllegalArgumentException("logits have " + shape[2] + " classes but the model names "
                    + classNames.size());
        }
        if (frames.size() != batch) {
            throw new IllegalArgumentException("batch of " + batch + " images but " + frames.size() + " frame sizes");
        }
        NDArray logits = classLogits.toType(DataType.FLOAT32, false);
        NDArray boxes = coder.decode(boxRegression.toType(DataType.FLOAT32, false), anchors).clip(0, imageSize);
        NDArray foreground = logits.softmax(2).get(":, :, 1:").transpose(0, 2, 1);

        int k = Math.min(thresholds.topKCandidates(), anchorCount);
        NDList top = foreground.topK(k, 2, true, true);
        NDArray topScores = top.get(0);
        long[] survivors = topScores.gt(thresholds.scoreThreshold()).sum(new int[] {2}).toLongArray();
        int width = (int) Arrays.stream(survivors).max().orElse(0);
        if (width == 0) {
            List<List<Detection>> none = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                none.add(List.of());
            }
            return none;
        }
        NDArray topAnchors = top.get(1).get(":, :, :" + width);
        Candidates candidates = new Candidates(
                classes,
                width,
                survivors,
                topScores.get(":, :, :" + width).toFloatArray(),
                topAnchors.toLongArray(),
                boxes.gather(topAnchors.reshape(batch, (long) classes * width, 1).repeat(2, 4), 1).toFloatArray());

        List<List<Detection>> results = new ArrayList<>(batch);
        for (int image = 0; image < batch; image++) {
            results.add(detectionsOf(candidates, image, frames.get(image)));
        }
        return results;
    }

    /** The top-k candidates of every image and class, as host arrays laid out (image, class, rank). */
    private record Candidates(int classes, int width, long[] counts, float[] scores, long[] anchors, float[] boxes) {}

    private List<Detection> detectionsOf(Candidates c, int image, FrameSize frame) {
        List<Kept> kept = new ArrayList<>();
        float[] classBoxes = new float[c.width * 4];
        int[] keptPositions = new int[c.width];
        Integer[] order = new Integer[c.width];
        for (int cls = 0; cls < c.classes; cls++) {
            int row = image * c.classes + cls;
            int count = (int) c.counts[row];
            if (count == 0) {
                continue;
            }
            int base = row * c.width;
            for (int i = 0; i < count; i++) {
                order[i] = base + i;
            }
            // top-k leaves the order of equal scores unspecified; NMS needs the lower anchor index first
            Arrays.sort(order, 0, count, Comparator.<Integer>comparingDouble(i -> -c.scores[i])
                    .thenComparingLong(i -> c.anchors[i]));
            for (int i = 0; i < count; i++) {
                System.arraycopy(c.boxes, order[i] * 4, classBoxes, i * 4, 4);
            }
            int keptCount = NonMaximumSuppression.suppress(classBoxes, count, thresholds.nmsIouThreshold(), keptPositions);
            for (int i = 0; i < keptCount; i++) {
                int position = keptPositions[i];
                kept.add(new Kept(cls + 1, c.scores[order[position]], classBoxes, position * 4));
            }
        }
        // a stable sort: equal scores stay in class order, as torchvision's batched_nms returns them
        kept.sort(Comparator.comparingDouble(d -> -d.score));
        float scaleX = frame.width() / (float) imageSize;
        float scaleY = frame.height() / (float) imageSize;
        int limit = Math.min(kept.size(), thresholds.detectionsPerImage());
        List<Detection> detections = new ArrayList<>(limit);
        for (Kept d : kept.subList(0, limit)) {
            detections.add(new Detection(d.classId, classNames.get(d.classId), d.score,
                    d.x1 * scaleX, d.y1 * scaleY, d.x2 * scaleX, d.y2 * scaleY));
        }
        return detections;
    }

    private static final class Kept {
        final int classId;
        final float score;
        final float x1;
        final float y1;
        final float x2;
        final float y2;

        Kept(int classId, float score, float[] boxes, int offset) {
            this.classId = classId;
            this.score = score;
            this.x1 = boxes[offset];
            this.y1 = boxes[offset + 1];
            this.x2 = boxes[offset + 2];
            this.y2 = boxes[offset + 3];
        }
    }
}
