package io.ssdstream.trainer.train;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import io.ssdstream.ssd.loss.DetectionTarget;
import io.ssdstream.ssd.preprocess.LinearSampling;
import io.ssdstream.ssd.preprocess.Normalization;
import java.util.ArrayList;
import java.util.List;

/**
 * The training half of torchvision's {@code GeneralizedRCNNTransform} for SSD, on the host so that loader threads
 * do it in parallel: bilinear resize to the square network input with the detector's {@link LinearSampling}
 * ({@code align_corners=False}, no antialiasing, rows then columns as its {@code ImagePreprocessor} does),
 * the detector's per-channel normalisation, and boxes scaled by the separate x and y ratios
 * ({@code resize_boxes}). Only trainable objects become targets.
 */
final class InputEncoder {

    private final int size;
    private final float[] scale = new float[3];
    private final float[] offset = new float[3];

    InputEncoder(int size, Normalization normalization) {
        this.size = size;
        for (int c = 0; c < 3; c++) {
            scale[c] = normalization.scaleFor(c);
            offset[c] = normalization.offsetFor(c);
        }
    }

    TrainingInput encode(Sample sample) {
        RgbImage image = sample.image();
        float sx = (float) size / image.width();
        float sy = (float) size / image.height();
        List<PixelBox> boxes = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Annotation object : sample.objects()) {
            if (object.trainable()) {
                boxes.add(object.box().scale(sx, sy));
                labels.add(object.label());
            }
        }
        float[] flat = new float[4 * boxes.size()];
        for (int i = 0; i < boxes.size(); i++) {
            PixelBox b = boxes.get(i);
            flat[4 * i] = b.x1();
            flat[4 * i + 1] = b.y1();
            flat[4 * i + 2] = b.x2();
            flat[4 * i + 3] = b.y2();
        }
        return new TrainingInput(resize(image), new DetectionTarget(flat, labels.stream().mapToInt(i -> i).toArray()));
    }

    private float[] resize(RgbImage image) {
        int width = image.width();
        int height = image.height();
        byte[] in = image.pixels();
        LinearSampling rows = new LinearSampling(height, size);
        LinearSampling columns = new LinearSampling(width, size);
        long[] rowLower = rows.lower();
        long[] rowUpper = rows.upper();
        float[] rowWeight = rows.weights();
        long[] columnLower = columns.lower();
        long[] columnUpper = columns.upper();
        float[] columnWeight = columns.weights();
        float[] vertical = new float[3 * size * width];
        for (int oy = 0; oy < size; oy++) {
            int low = (int) rowLower[oy] * width * 3;
            int high = (int) rowUpper[oy] * width * 3;
            float w = rowWeight[oy];
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < 3; c++) {
                    float a = in[low + 3 * x + c] & 0xff;
                    float b = in[high + 3 * x + c] & 0xff;
                    vertical[(c * size + oy) * width + x] = a + (b - a) * w;
                }
            }
        }
        float[] out = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            for (int oy = 0; oy < size; oy++) {
                int row = (c * size + oy) * width;
                int target = (c * size + oy) * size;
                for (int ox = 0; ox < size; ox++) {
                    float a = vertical[row + (int) columnLower[ox]];
                    float b = vertical[row + (int) columnUpper[ox]];
                    out[target + ox] = (a + (b - a) * columnWeight[ox]) * scale[c] + offset[c];
                }
            }
        }
        return out;
    }
}
