package io.ssdstream.ssd.postprocess;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.boxes.BoxCoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SSD's postprocessing for a whole micro-batch at once, with torchvision's {@code postprocess_detections}
 * semantics: decode the box deltas against the default boxes, clip to the network image, softmax over classes,
 * skip the background, keep scores strictly above the threshold, keep the top-k per class, suppress per class
 * (batched NMS), cap the detections per image after NMS, and scale to each frame's original size with separate x
 * and y ratios.
 *
 * <p>The softmax, the score filter and the decoding run as batch-wide tensor ops on the model's device, and only
 * surviving candidates reach the host. Two shapes of output are handled differently:
 * <ul>
 *   <li><b>sparse</b> (a trained model: at most a quarter of the default boxes score above the threshold in any
 *       class): the surviving default boxes' class scores and boxes are compacted on the device and copied; the
 *       per-class top-k is then a small host-side selection;</li>
 *   <li><b>dense</b> (an untrained model, or a very low threshold): the per-class top-k runs on the device and
 *       only its survivors' scores and indices are copied, with the decoded boxes.</li>
 * </ul>
 * Either way, NMS visits all classes of an image in one descending-score pass ({@link BatchedNms}) and stops
 * at the per-image cap.
 *
 * <p>Intermediate arrays join the managers of the arrays they derive from, so all three inputs should belong to
 * the caller's per-call scope (a sub-manager closed after the call); a shared, long-lived anchors array would
 * collect per-call intermediates and leak.
 */
public final class SsdPostprocessor {

    /** Above this fraction of surviving default boxes the device-side top-k is cheaper than compaction. */
    private static final double SPARSE_FRACTION = 0.25;

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
    public List<List<DetectedObject>> process(NDArray classLogits, NDArray boxRegression, NDArray anchors, List<FrameSize> frames) {
        long[] shape = classLogits.getShape().getShape();
        int batch = (int) shape[0];
        int anchorCount = (int) shape[1];
        if (shape[2] != classNames.size()) {
            throw new IllegalArgumentException("logits have " + shape[2] + " classes but the model names "
                    + classNames.size());
        }
        if (frames.size() != batch) {
            throw new IllegalArgumentException("batch of " + batch + " images but " + frames.size() + " frame sizes");
        }
        NDArray foreground = classLogits.toType(DataType.FLOAT32, false).softmax(2).get(":, :, 1:");
        NDArray deltas = boxRegression.toType(DataType.FLOAT32, false);
        NDArray survivingBoxes = foreground.max(new int[] {2}).gt(thresholds.scoreThreshold()).reshape(-1);
        long survivors = survivingBoxes.sum().getLong();
        RankingKeys ranking = new RankingKeys(classNames.size() - 1, anchorCount);
        Candidates candidates;
        if (survivors == 0) {
            candidates = null;
        } else if (survivors <= SPARSE_FRACTION * batch * anchorCount) {
            candidates = sparse(foreground, deltas, anchors, survivingBoxes, batch, anchorCount, ranking);
        } else {
            candidates = dense(foreground, deltas, anchors, batch, anchorCount, ranking);
        }
        List<List<DetectedObject>> results = new ArrayList<>(batch);
        for (int image = 0; image < batch; image++) {
            results.add(candidates == null ? List.of() : detectionsOf(candidates, image, frames.get(image)));
        }
        return results;
    }

    /**
     * Candidates on the host: each image's ranking keys ({@link RankingKeys}), which one ascending sort lists in
     * torchvision's result order. A candidate's box is {@code boxes[4 * boxRow[image * anchorCount + anchor]]}.
     */
    private record Candidates(int anchorCount, RankingKeys ranking, long[][] keys, float[] boxes, int[] boxRow) {}

    private Candidates sparse(NDArray foreground, NDArray deltas, NDArray anchors, NDArray survivingBoxes,
                              int batch, int anchorCount, RankingKeys ranking) {
        int classes = classNames.size() - 1;
        NDIndex surviving = new NDIndex("{}", survivingBoxes);
        float[] scores = foreground.reshape(-1, classes).get(surviving).toFloatArray();
        NDArray flatIds = survivingBoxes.nonzero().reshape(-1);
        long[] ids = flatIds.toLongArray();
        NDArray survivorAnchors = anchors.get(new NDIndex("{}", flatIds.mod(anchorCount)));
        float[] boxes = coder.decode(deltas.reshape(-1, 4).get(surviving), survivorAnchors).clip(0, imageSize)
                .toFloatArray();

        int[] boxRow = new int[batch * anchorCount];
        long[][] keys = new long[batch][];
        int row = 0;
        long[] classKeys = new long[ids.length];
        for (int image = 0; image < batch; image++) {
            int first = row;
            while (row < ids.length && ids[row] / anchorCount == image) {
                boxRow[(int) ids[row]] = row;
                row++;
            }
            List<long[]> perClass = new ArrayList<>(classes);
            int total = 0;
            for (int cls = 0; cls < classes; cls++) {
                int count = 0;
                for (int r = first; r < row; r++) {
                    float score = scores[r * classes + cls];
                    if (score > thresholds.scoreThreshold()) {
                        classKeys[count++] = ranking.key(score, cls, (int) (ids[r] % anchorCount));
                    }
                }
                long[] top = Arrays.copyOf(classKeys, count);
                if (count > thresholds.topKCandidates()) {
                    Arrays.sort(top);
                    top = Arrays.copyOf(top, thresholds.topKCandidates());
                }
                perClass.add(top);
                total += top.length;
            }
            keys[image] = concat(perClass, total);
        }
        return new Candidates(anchorCount, ranking, keys, boxes, boxRow);
    }

    private Candidates dense(NDArray foreground, NDArray deltas, NDArray anchors, int batch, int anchorCount,
                             RankingKeys ranking) {
        int classes = classNames.size() - 1;
        float[] boxes = coder.decode(deltas, anchors).clip(0, imageSize).toFloatArray();
        int k = Math.min(thresholds.topKCandidates(), anchorCount);
        NDList top = foreground.transpose(0, 2, 1).topK(k, 2, true, true);
        float[] scores = top.get(0).toFloatArray();
        long[] topAnchors = top.get(1).toLongArray();

        int[] boxRow = new int[batch * anchorCount];
        Arrays.setAll(boxRow, i -> i);
        long[][] keys = new long[batch][];
        for (int image = 0; image < batch; image++) {
            long[] imageKeys = new long[classes * k];
            int count = 0;
            for (int cls = 0; cls < classes; cls++) {
                int row = (image * classes + cls) * k;
                for (int rank = 0; rank < k && scores[row + rank] > thresholds.scoreThreshold(); rank++) {
                    imageKeys[count++] = ranking.key(scores[row + rank], cls, (int) topAnchors[row + rank]);
                }
            }
            keys[image] = Arrays.copyOf(imageKeys, count);
        }
        return new Candidates(anchorCount, ranking, keys, boxes, boxRow);
    }

    private List<DetectedObject> detectionsOf(Candidates c, int image, FrameSize frame) {
        long[] ranking = c.keys[image];
        Arrays.sort(ranking);
        BatchedNms nms = new BatchedNms(classNames.size() - 1, thresholds.nmsIouThreshold());
        float scaleX = frame.width() / (float) imageSize;
        float scaleY = frame.height() / (float) imageSize;
        List<DetectedObject> detections = new ArrayList<>(Math.min(ranking.length, thresholds.detectionsPerImage()));
        for (int i = 0; i < ranking.length && detections.size() < thresholds.detectionsPerImage(); i++) {
            int cls = c.ranking.classOf(ranking[i]);
            int anchor = c.ranking.anchorOf(ranking[i]);
            int box = 4 * c.boxRow[image * c.anchorCount + anchor];
            if (nms.keep(cls, c.boxes, box)) {
                detections.add(new DetectedObject(cls + 1, classNames.get(cls + 1), RankingKeys.scoreOf(ranking[i]),
                        c.boxes[box] * scaleX, c.boxes[box + 1] * scaleY,
                        c.boxes[box + 2] * scaleX, c.boxes[box + 3] * scaleY));
            }
        }
        return detections;
    }

    private static long[] concat(List<long[]> parts, int total) {
        long[] all = new long[total];
        int at = 0;
        for (long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
