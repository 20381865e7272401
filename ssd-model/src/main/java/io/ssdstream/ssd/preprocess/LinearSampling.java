package io.ssdstream.ssd.preprocess;

/**
 * Where each output pixel of a 1-D linear resize samples its input, by torch's {@code align_corners=False} rule:
 * the source coordinate is {@code (i + 0.5) * in / out - 0.5}, clamped at 0, between input pixels {@code floor}
 * and {@code floor + 1} (the last pixel repeats at the far edge), weighted by the fractional part.
 */
final class LinearSampling {

    private final long[] lower;
    private final long[] upper;
    private final float[] weights;

    LinearSampling(int inputSize, int outputSize) {
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

    long[] lower() {
        return lower;
    }

    long[] upper() {
        return upper;
    }

    float[] weights() {
        return weights;
    }
}
