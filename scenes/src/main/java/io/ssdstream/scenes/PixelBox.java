package io.ssdstream.scenes;

/**
 * An axis-aligned box in pixel coordinates, corners (x1, y1) top-left and (x2, y2) bottom-right, in the continuous
 * convention torchvision uses: width is {@code x2 - x1}, with no "+1".
 */
public record PixelBox(float x1, float y1, float x2, float y2) {

    public PixelBox {
        if (!(Float.isFinite(x1) && Float.isFinite(y1) && Float.isFinite(x2) && Float.isFinite(y2))) {
            throw new IllegalArgumentException("box corners must be finite, got " + describe(x1, y1, x2, y2));
        }
        if (x2 < x1 || y2 < y1) {
            throw new IllegalArgumentException("box corners must be ordered (x1 <= x2, y1 <= y2), got "
                    + describe(x1, y1, x2, y2));
        }
    }

    /** A box from COCO's (x, y, width, height). */
    public static PixelBox ofCorner(float x, float y, float width, float height) {
        return new PixelBox(x, y, x + width, y + height);
    }

    public float width() {
        return x2 - x1;
    }

    public float height() {
        return y2 - y1;
    }

    public float area() {
        return width() * height();
    }

    public float centerX() {
        return 0.5f * (x1 + x2);
    }

    public float centerY() {
        return 0.5f * (y1 + y2);
    }

    /** Whether the box encloses any area; torchvision refuses degenerate training boxes. */
    public boolean hasArea() {
        return x2 > x1 && y2 > y1;
    }

    public float intersectionArea(PixelBox other) {
        float w = Math.max(0f, Math.min(x2, other.x2) - Math.max(x1, other.x1));
        float h = Math.max(0f, Math.min(y2, other.y2) - Math.max(y1, other.y1));
        return w * h;
    }

    /** Intersection over union (the Jaccard overlap); 0 when both boxes are empty. */
    public float iou(PixelBox other) {
        float intersection = intersectionArea(other);
        float union = area() + other.area() - intersection;
        return union > 0 ? intersection / union : 0f;
    }

    /** This box moved by (dx, dy). */
    public PixelBox translate(float dx, float dy) {
        return new PixelBox(x1 + dx, y1 + dy, x2 + dx, y2 + dy);
    }

    /** This box with x scaled by {@code sx} and y by {@code sy}, as torchvision's {@code resize_boxes}. */
    public PixelBox scale(float sx, float sy) {
        return new PixelBox(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
    }

    /** This box clamped to [0, width] x [0, height]. */
    public PixelBox clamp(float width, float height) {
        return new PixelBox(limit(x1, width), limit(y1, height), limit(x2, width), limit(y2, height));
    }

    private static float limit(float v, float max) {
        return Math.min(max, Math.max(0f, v));
    }

    private static String describe(float x1, float y1, float x2, float y2) {
        return "[" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]";
    }
}
