package io.ssdstream.cli.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The benchmark's baseline: torchvision's {@code postprocess_detections} transcribed literally, one image and one
 * class at a time, each step a separate tensor op (score column, threshold mask, masked select, top-k, box gather,
 * copy to host), and greedy NMS per class ({@link PerClassNms}). It returns (class id, score, x1, y1, x2, y2) rows in
 * network pixels, so the benchmark can check both paths agree before comparing their speed.
 */
final class PerClassLoopPostprocessor {

    private final int imageSize;
    private final DetectionThresholds thresholds;
    private final BoxCoder coder;

    PerClassLoopPostprocessor(int imageSize, DetectionThresholds thresholds, BoxCoder coder) {
        this.imageSize = imageSize;
        this.thresholds = thresholds;
        this.coder = coder;
    }

    List<List<float[]>> process(NDArray classLogits, NDArray boxRegression, NDArray anchors) {
        int batch = (int) classLogits.getShape().get(0);
        int classes = (int) classLogits.getShape().get(2);
        List<List<float[]>> results = new ArrayList<>(batch);
        for (int image = 0; image < batch; image++) {
            NDArray boxes = coder.decode(boxRegression.get(image), anchors).clip(0, imageSize);
            NDArray scores = classLogits.get(image).softmax(1);
            List<float[]> kept = new ArrayList<>();
            for (int label = 1; label < classes; label++) {
                NDArray score = scores.get(new NDIndex(":, {}", label));
                NDArray keep = score.gt(thresholds.scoreThreshold());
                NDArray candidates = score.get(new NDIndex("{}", keep));
                NDArray anchorIndex = keep.nonzero().flatten();
                int count = (int) Math.min(thresholds.topKCandidates(), candidates.size());
                if (count == 0) {
                    continue;
                }
                NDArray topIndex = candidates.topK(count, 0, true, true).get(1);
                float[] topScores = candidates.get(new NDIndex("{}", topIndex)).toFloatArray();
                long[] topAnchors = anchorIndex.get(new NDIndex("{}", topIndex)).toLongArray();
                Integer[] order = new Integer[count];
                for (int i = 0; i < count; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -topScores[i])
                        .thenComparingLong(i -> topAnchors[i]));
                long[] sortedAnchors = new long[count];
                for (int i = 0; i < count; i++) {
                    sortedAnchors[i] = topAnchors[order[i]];
                }
                float[] classBoxes = boxes.get(new NDIndex("{}", boxes.getManager().create(sortedAnchors))).toFloatArray();
                int[] keptPositions = new int[count];
                int keptCount = PerClassNms.suppress(classBoxes, count, thresholds.nmsIouThreshold(), keptPositions);
                for (int i = 0; i < keptCount; i++) {
                    int p = keptPositions[i];
                    kept.add(new float[] {label, topScores[order[p]],
                        classBoxes[p * 4], classBoxes[p * 4 + 1], classBoxes[p * 4 + 2], classBoxes[p * 4 + 3]});
                }
            }
            kept.sort(Comparator.comparingDouble(row -> -row[1]));
            results.add(kept.subList(0, Math.min(kept.size(), thresholds.detectionsPerImage())));
        }
        return results;
    }
}
