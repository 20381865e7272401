package io.ssdstream.tracking;

import java.io.Serializable;

/** An axis-aligned box in pixels of the frame it was seen in: (x1, y1) top left, (x2, y2) bottom right. */
public record Box(double x1, double y1, double x2, double y2) implements Serializable {

    public Box {
        if (!(Double.isFinite(x1) && Double.isFinite(y1) && Double.isFinite(x2) && Double.isFinite(y2))) {
            throw new IllegalArgumentException("box (" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + ") is not finite");
        }
        if (x2 <= x1 || y2 <= y1) {
            throw new IllegalArgumentException(
                    "box (" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + ") is empty: x2 must exceed x1 and y2 y1");
        }
    }

    public static Box ofCentre(double cx, double cy, double w, double h) {
        return new Box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2);
    }

    public double width() {
        return x2 - x1;
    }

    public double height() {
        return y2 - y1;
    }

    public double centreX() {
        return (x1 + x2) / 2;
    }

    public double centreY() {
        return (y1 + y2) / 2;
    }

    public double area() {
        return width() * height();
    }

    /** The larger side: the scale against which "moved" and "still" are judged, so they mean the same near and far. */
    public double size() {
        return Math.max(width(), height());
    }

    public double centreDistance(Box other) {
        return Math.hypot(centreX() - other.centreX(), centreY() - other.centreY());
    }

    public double iou(Box other) {
        double iw = Math.min(x2, other.x2) - Math.max(x1, other.x1);
        double ih = Math.min(y2, other.y2) - Math.max(y1, other.y1);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (area() + other.area() - inter);
    }
}
