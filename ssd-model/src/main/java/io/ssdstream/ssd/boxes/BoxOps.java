package io.ssdstream.ssd.boxes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Box geometry on xyxy boxes, as torchvision's {@code box_ops}: {@code box_area}, {@code box_iou} (intersection over
 * union, the Jaccard overlap of the SSD paper) and {@code clip_boxes_to_image}.
 *
 * <p>Boxes use the continuous convention (width {@code x2 - x1}, no "+1"). Intersection over union of two
 * zero-area boxes is 0/0 = NaN, exactly as in torchvision; NaN compares false with every threshold, so such a pair
 * neither matches nor suppresses. Intermediate arrays belong to the inputs' manager.
 */
public final class BoxOps {

    private BoxOps() {
    }

    /** Area {@code (x2 - x1) * (y2 - y1)} of (..., 4) boxes, shape (...). */
    public static NDArray area(NDArray boxes) {
        requireBoxes("boxes", boxes);
        NDArray w = boxes.get(new NDIndex("..., 2")).sub(boxes.get(new NDIndex("..., 0")));
        NDArray h = boxes.get(new NDIndex("..., 3")).sub(boxes.get(new NDIndex("..., 1")));
        return w.mul(h);
    }

    /**
     * Pairwise intersection over union, torchvision's {@code box_iou}.
     *
     * @param boxesA (G, 4) xyxy
     * @param boxesB (A, 4) xyxy
     * @return (G, A): entry (g, a) is IoU(boxesA[g], boxesB[a])
     */
    public static NDArray iou(NDArray boxesA, NDArray boxesB) {
        requireMatrix("first boxes", boxesA);
        requireMatrix("second boxes", boxesB);
        NDArray areaA = area(boxesA).expandDims(1);
        NDArray areaB = area(boxesB).expandDims(0);
        NDArray a = boxesA.expandDims(1);
        NDArray topLeft = a.get(new NDIndex("..., :2")).maximum(boxesB.get(new NDIndex(":, :2")));
        NDArray bottomRight = a.get(new NDIndex("..., 2:")).minimum(boxesB.get(new NDIndex(":, 2:")));
        NDArray wh = bottomRight.sub(topLeft).maximum(0f);
        NDArray intersection = wh.get(new NDIndex("..., 0")).mul(wh.get(new NDIndex("..., 1")));
        NDArray union = areaA.add(areaB).sub(intersection);
        return intersection.div(union);
    }

    /**
     * Intersection over union of boxes {@code i} and {@code j} of a flat xyxy array, in float32 with the same
     * operations as torchvision's CPU NMS kernel, for host-side suppression.
     */
    public static float iou(float[] boxes, int i, int j) {
        if (boxes.length % 4 != 0) {
            throw new IllegalArgumentException("flat box array length must be a multiple of 4, got " + boxes.length);
        }
        int count = boxes.length / 4;
        if (i < 0 || i >= count || j < 0 || j >= count) {
            throw new IllegalArgumentException("box indices " + i + ", " + j + " outside 0.." + (count - 1));
        }
        return iou(boxes, 4 * i, boxes, 4 * j);
    }

    /**
     * Host-side IoU of the box at {@code first[a .. a+4)} and the box at {@code second[b .. b+4)}, both
     * x1, y1, x2, y2, in float32 like torchvision's {@code box_iou}; unchecked, for hot loops.
     */
    public static float iou(float[] first, int a, float[] second, int b) {
        float areaA = (first[a + 2] - first[a]) * (first[a + 3] - first[a + 1]);
        float areaB = (second[b + 2] - second[b]) * (second[b + 3] - second[b + 1]);
        float w = Math.max(0f, Math.min(first[a + 2], second[b + 2]) - Math.max(first[a], second[b]));
        float h = Math.max(0f, Math.min(first[a + 3], second[b + 3]) - Math.max(first[a + 1], second[b + 1]));
        float intersection = w * h;
        return intersection / (areaA + areaB - intersection);
    }

    /**
     * torchvision's {@code clip_boxes_to_image}: x coordinates clamped to [0, width], y to [0, height].
     *
     * @param boxes (..., 4) xyxy
     */
    public static NDArray clipToImage(NDArray boxes, int width, int height) {
        requireBoxes("boxes", boxes);
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        NDArray limits = boxes.getManager()
                .create(new float[] {width, height, width, height})
                .toType(boxes.getDataType(), false)
                .toDevice(boxes.getDevice(), false);
        return boxes.maximum(0f).minimum(limits);
    }

    private static void requireBoxes(String what, NDArray boxes) {
        Shape shape = boxes.getShape();
        if (shape.dimension() < 1 || shape.get(shape.dimension() - 1) != 4) {
            throw new IllegalArgumentException(what + " must end in a dimension of 4 (x1, y1, x2, y2), got " + shape);
        }
    }

    private static void requireMatrix(String what, NDArray boxes) {
        Shape shape = boxes.getShape();
        if (shape.dimension() != 2 || shape.get(1) != 4) {
            throw new IllegalArgumentException(what + " must be (count, 4) xyxy, got " + shape);
        }
    }
}
