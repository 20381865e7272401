package io.ssdstream.ssd.preprocess;

/**
 * Where each output pixel of a 1-D linear resize samples its input, by torch's {@code align_corners=False} rule:
 * the source coordinate is {@code (i + 0.5) * in / out - 0.5}, clamped at 0, between input pixels {@code floor}
 * and {@code floor + 1} (the last pixel repeats at the far edge), weighted by the fractional part.
 *
 * <p>The one definition of the resize both halves of the model use: the detector's {@link ImagePreprocessor} on
 * the device, and the trainer's input encoder on the host, so training and serving see the same pixels.
 */
public final class LinearSampling {

    private final long[] lower;
    private final long[] upper;
    private final float[] weights;

    public LinearSampling(int inputSize, int outputSize) {
        lower = new long[outputSize];
        upper = new long[outputSize];
        weights = new float[outputSize];
        double scale = (double) inputSize / outputSize;
        for (int i = 0; i < outputSize; i++) {
            double source = Math.max(0, (i + 0.5) * scale - 0.5);
            int floor = Math.min((int) source, inputSize - 1);
            lower[i] = floor;
            upper[i] = Math.min(floor + 1, inputSize - 1);
            weights[i] = (float) (source - floor);
        }
    }

    /** Per output pixel, the input pixel on the near side. */
    public long[] lower() {
        return lower;
    }

    /** Per output pixel, the input pixel on the far side (equal to the near one at the edge). */
    public long[] upper() {
        return upper;
    }

    /** Per output pixel, the far pixel's weight; the near one's is {@code 1 - weight}. */
    public float[] weights() {
        return weights;
    }
}
