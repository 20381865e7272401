package io.ssdstream.ssd.preprocess;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * torchvision's {@code GeneralizedRCNNTransform} for SSD: each image, of any size, is resized to the fixed square
 * network input with bilinear interpolation ({@code align_corners=False}, no antialiasing) and normalised per
 * channel. Normalising before resizing (torchvision's order) and after are the same map, since both are linear per
 * channel; here the resize runs first, on the raw 0-255 values, so the normalisation touches fewer pixels.
 *
 * <p>All tensor work happens on the device of the given manager, so on a GPU only the decoded bytes cross the bus.
 */
public final class ImagePreprocessor {

    private final int size;
    private final Normalization normalization;

    public ImagePreprocessor(int size, Normalization normalization) {
        if (size <= 0) {
            throw new IllegalArgumentException("network input size must be positive, got " + size);
        }
        this.size = size;
        this.normalization = normalization;
    }

    /** The network input batch (N, 3, size, size), float32, on {@code manager}'s device. */
    public NDArray toBatch(NDManager manager, List<Image> images) {
        List<NDArray> pixels = new ArrayList<>(images.size());
        for (Image image : images) {
            pixels.add(image.toNDArray(manager, Image.Flag.COLOR));
        }
        return normalizedBatch(manager, pixels);
    }

    /** The network input batch for packed RGB frames; only their bytes are copied to the device. */
    public NDArray toBatchFromRgb(NDManager manager, List<RgbFrame> images) {
        List<NDArray> pixels = new ArrayList<>(images.size());
        for (RgbFrame image : images) {
            pixels.add(manager.create(ByteBuffer.wrap(image.rgb()), new Shape(image.height(), image.width(), 3),
                    DataType.UINT8));
        }
        return normalizedBatch(manager, pixels);
    }

    /** Resizes each (H, W, 3) uint8 image, stacks them and normalises. */
    private NDArray normalizedBatch(NDManager manager, List<NDArray> hwcImages) {
        if (hwcImages.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one image");
        }
        NDList resized = new NDList(hwcImages.size());
        for (NDArray hwc : hwcImages) {
            resized.add(resize(hwc.toType(DataType.FLOAT32, false).transpose(2, 0, 1).expandDims(0)));
        }
        NDArray batch = resized.size() == 1 ? resized.get(0) : NDArrays.concat(resized, 0);
        NDArray scale = manager.create(new float[] {
                normalization.scaleFor(0), normalization.scaleFor(1), normalization.scaleFor(2)}).reshape(1, 3, 1, 1);
        NDArray offset = manager.create(new float[] {
                normalization.offsetFor(0), normalization.offsetFor(1), normalization.offsetFor(2)}).reshape(1, 3, 1, 1);
        return batch.mul(scale).add(offset);
    }

    /**
     * Bilinear resize of a (1, 3, H, W) float image to (1, 3, size, size); identity when it already fits. Written
     * as two separable gathers and lerps because DJL's native interpolate antialiases when downscaling, which
     * torchvision's SSD transform does not.
     */
    NDArray resize(NDArray nchw) {
        int height = (int) nchw.getShape().get(2);
        int width = (int) nchw.getShape().get(3);
        NDArray rows = height == size ? nchw : lerp(nchw, 2, new LinearSampling(height, size));
        return width == size ? rows : lerp(rows, 3, new LinearSampling(width, size));
    }

    private static NDArray lerp(NDArray image, int axis, LinearSampling sampling) {
        NDManager manager = image.getManager();
        String prefix = axis == 2 ? ":, :, " : ":, :, :, ";
        NDArray low = image.get(new NDIndex(prefix + "{}", manager.create(sampling.lower())));
        NDArray high = image.get(new NDIndex(prefix + "{}", manager.create(sampling.upper())));
        NDArray weight = manager.create(sampling.weights()).reshape(axis == 2 ? new Shape(1, 1, -1, 1) : new Shape(1, 1, 1, -1));
        return low.add(high.sub(low).mul(weight));
    }

    public int size() {
        return size;
    }
}
