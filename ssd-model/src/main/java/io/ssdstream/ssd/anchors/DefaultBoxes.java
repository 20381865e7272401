package io.ssdstream.ssd.anchors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.ssdstream.ssd.model.SsdArchitecture;
import java.util.List;

/**
 * The SSD paper's <em>default boxes</em> for one square input size: torchvision's {@code DefaultBoxGenerator}
 * with {@code clip=True}, evaluated once.
 *
 * <p>Order is torchvision's: feature map by feature map, then row by row, column by column, then the boxes of one
 * location (the s_k square, the sqrt(s_k·s_k+1) square, then one (w, h), (h, w) pair per aspect ratio). That is
 * the order in which the heads' outputs are flattened, so box {@code i} here is prediction {@code i} there.
 *
 * <p>The arithmetic is float32 in the same sequence as torchvision's tensors (box sizes are computed in double
 * and rounded once, as {@code torch.as_tensor} does), so the coordinates equal torchvision's bit for bit.
 */
public final class DefaultBoxes {

    private final int imageSize;
    private final int[] boxesPerMap;
    private final float[] centerForm;
    private final float[] cornerFormPixels;

    public DefaultBoxes(SsdArchitecture architecture) {
        this.imageSize = architecture.imageSize();
        List<Integer> sizes = architecture.featureMapSizes();
        this.boxesPerMap = new int[sizes.size()];
        int total = 0;
        for (int k = 0; k < sizes.size(); k++) {
            boxesPerMap[k] = sizes.get(k) * sizes.get(k) * architecture.boxesPerLocation(k);
            total += boxesPerMap[k];
        }
        this.centerForm = new float[total * 4];
        int box = 0;
        for (int k = 0; k < sizes.size(); k++) {
            box = tileFeatureMap(architecture, k, sizes.get(k), box);
        }
        this.cornerFormPixels = toCornerPixels(centerForm, imageSize);
    }

    /**
     * Writes map {@code k}'s boxes from index {@code firstBox} on and returns the index after them. With steps the
     * centres follow the pixel stride ({@code image_size / step} cells per side, which need not be the map size:
     * 300/8 = 37.5 for the 38x38 map); without steps they tile the map exactly.
     */
    private int tileFeatureMap(SsdArchitecture architecture, int k, int mapSize, int firstBox) {
        float cellsPerSide = architecture.steps() == null
                ? mapSize
                : (float) ((double) architecture.imageSize() / architecture.steps().get(k));
        float[] sizes = boxSizes(architecture, k);
        int box = firstBox;
        for (int i = 0; i < mapSize; i++) {
            float cy = (i + 0.5f) / cellsPerSide;
            for (int j = 0; j < mapSize; j++) {
                float cx = (j + 0.5f) / cellsPerSide;
                for (int p = 0; p < sizes.length; p += 2) {
                    centerForm[4 * box] = cx;
                    centerForm[4 * box + 1] = cy;
                    centerForm[4 * box + 2] = sizes[p];
                    centerForm[4 * box + 3] = sizes[p + 1];
                    box++;
                }
            }
        }
        return box;
    }

    /** Map {@code k}'s (w, h) pairs, flattened, clamped to [0, 1] as torchvision's {@code clip=True} does. */
    private static float[] boxSizes(SsdArchitecture architecture, int k) {
        double sK = architecture.scales().get(k);
        double sPrime = Math.sqrt(sK * architecture.scales().get(k + 1));
        List<Integer> ratios = architecture.aspectRatios().get(k);
        double[] pairs = new double[4 + 4 * ratios.size()];
        pairs[0] = sK;
        pairs[1] = sK;
        pairs[2] = sPrime;
        pairs[3] = sPrime;
        for (int r = 0; r < ratios.size(); r++) {
            double root = Math.sqrt(ratios.get(r));
            double wide = sK * root;
            double tall = sK / root;
            pairs[4 + 4 * r] = wide;
            pairs[5 + 4 * r] = tall;
            pairs[6 + 4 * r] = tall;
            pairs[7 + 4 * r] = wide;
        }
        float[] sizes = new float[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            sizes[p] = Math.min(1f, Math.max(0f, (float) pairs[p]));
        }
        return sizes;
    }

    /** As torchvision's forward: corners in normalized float32 first, then one multiply by the image side. */
    private static float[] toCornerPixels(float[] center, int imageSize) {
        float side = imageSize;
        float[] corners = new float[center.length];
        for (int b = 0; b < center.length; b += 4) {
            float halfW = 0.5f * center[b + 2];
            float halfH = 0.5f * center[b + 3];
            corners[b] = (center[b] - halfW) * side;
            corners[b + 1] = (center[b + 1] - halfH) * side;
            corners[b + 2] = (center[b] + halfW) * side;
            corners[b + 3] = (center[b + 1] + halfH) * side;
        }
        return corners;
    }

    /** Number of default boxes (8732 for SSD300). */
    public int count() {
        return centerForm.length / 4;
    }

    /** Default boxes that feature map {@code k} contributes (5776 for SSD300's 38x38 conv4_3 map). */
    public int countOnMap(int k) {
        if (k < 0 || k >= boxesPerMap.length) {
            throw new IllegalArgumentException("feature map index " + k + " is outside 0.." + (boxesPerMap.length - 1));
        }
        return boxesPerMap[k];
    }

    /** The network input side these boxes were laid out for, in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /**
     * (count * 4) cx, cy, w, h as fractions of the image side. Only w and h are clamped to [0, 1]; centres of the
     * stepped maps can lie on or past the image edge, as in torchvision.
     */
    public float[] centerForm() {
        return centerForm.clone();
    }

    /**
     * (count * 4) x1, y1, x2, y2 in network-input pixels, unclipped (about -100.5 to 420.5 for SSD300): the anchors
     * torchvision's {@code SSD.forward} matches against and decodes from.
     */
    public float[] cornerFormPixels() {
        return cornerFormPixels.clone();
    }

    /** {@link #cornerFormPixels()} as a float32 (count, 4) array owned by {@code manager}. */
    public NDArray toNDArray(NDManager manager) {
        return manager.create(cornerFormPixels, new Shape(count(), 4));
    }
}
