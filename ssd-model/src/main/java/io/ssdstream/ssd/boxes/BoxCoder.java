package io.ssdstream.ssd.boxes;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The <em>box coder</em>: torchvision's {@code BoxCoder}, the Faster R-CNN parametrisation of a box relative to an
 * anchor that SSD regresses. For anchor centre (xa, ya), size (wa, ha) and box centre (x, y), size (w, h):
 * {@code dx = wx (x - xa) / wa, dy = wy (y - ya) / ha, dw = ww log(w / wa), dh = wh log(h / ha)}.
 *
 * <p>Widths are {@code x2 - x1} (no "+1" pixel convention) and centres {@code x1 + w / 2}, as in torchvision; the
 * operations run in torchvision's order so that float32 results agree with it. All arrays are xyxy in the same
 * pixel frame. Intermediate arrays belong to the inputs' manager: callers in a loop should scope calls with a
 * sub-manager.
 */
public final class BoxCoder {

    /** Default clamp for dw and dh before {@code exp}: log(1000 / 16), so a box grows at most 62.5 times. */
    public static final double DEFAULT_CLIP = Math.log(1000.0 / 16);

    /** SSD's coder: weights (10, 10, 5, 5), the inverse of the paper's variances (0.1, 0.1, 0.2, 0.2). */
    public static final BoxCoder SSD = new BoxCoder(10, 10, 5, 5, DEFAULT_CLIP);

    private final double wx;
    private final double wy;
    private final double ww;
    private final double wh;
    private final double clip;

    public BoxCoder(double wx, double wy, double ww, double wh, double clip) {
        if (!(wx > 0 && wy > 0 && ww > 0 && wh > 0)) {
            throw new IllegalArgumentException(
                    "box coder weights must be positive, got (" + wx + ", " + wy + ", " + ww + ", " + wh + ")");
        }
        if (Double.isNaN(clip)) {
            throw new IllegalArgumentException("box coder clip must be a number");
        }
        this.wx = wx;
        this.wy = wy;
        this.ww = ww;
        this.wh = wh;
        this.clip = clip;
    }

    /**
     * torchvision's {@code encode_single(reference_boxes=matchedBoxes, proposals=anchors)}: the regression
     * targets that turn each anchor into its matched box.
     *
     * @param matchedBoxes (..., A, 4) xyxy
     * @param anchors (..., A, 4) xyxy, broadcastable against {@code matchedBoxes} (e.g. (A, 4) against (N, A, 4))
     * @return deltas (dx, dy, dw, dh) in the broadcast shape
     */
    public NDArray encode(NDArray matchedBoxes, NDArray anchors) {
        requireBoxes("matched boxes", matchedBoxes);
        requireBoxes("anchors", anchors);
        if (!broadcastable(matchedBoxes.getShape(), anchors.getShape())) {
            throw new IllegalArgumentException("matched boxes " + matchedBoxes.getShape()
                    + " and anchors " + anchors.getShape() + " do not broadcast");
        }
        NDArray anchorW = coordinate(anchors, 2).sub(coordinate(anchors, 0));
        NDArray anchorH = coordinate(anchors, 3).sub(coordinate(anchors, 1));
        NDArray anchorX = coordinate(anchors, 0).add(anchorW.mul(0.5f));
        NDArray anchorY = coordinate(anchors, 1).add(anchorH.mul(0.5f));

        NDArray boxW = coordinate(matchedBoxes, 2).sub(coordinate(matchedBoxes, 0));
        NDArray boxH = coordinate(matchedBoxes, 3).sub(coordinate(matchedBoxes, 1));
        NDArray boxX = coordinate(matchedBoxes, 0).add(boxW.mul(0.5f));
        NDArray boxY = coordinate(matchedBoxes, 1).add(boxH.mul(0.5f));

        NDArray dx = boxX.sub(anchorX).mul((float) wx).div(anchorW);
        NDArray dy = boxY.sub(anchorY).mul((float) wy).div(anchorH);
        NDArray dw = boxW.div(anchorW).log().mul((float) ww);
        NDArray dh = boxH.div(anchorH).log().mul((float) wh);
        return stackLast(dx, dy, dw, dh);
    }

    /**
     * torchvision's {@code decode_single}: applies regression deltas to their anchors. dw and dh are clamped to the
     * clip value before {@code exp} so that wild predictions stay finite.
     *
     * @param deltas (A, 4) or (N, A, 4)
     * @param anchors (A, 4) xyxy
     * @return boxes xyxy, the shape of {@code deltas}
     */
    public NDArray decode(NDArray deltas, NDArray anchors) {
        requireBoxes("deltas", deltas);
        Shape d = deltas.getShape();
        Shape a = anchors.getShape();
        if (a.dimension() != 2 || a.get(1) != 4) {
            throw new IllegalArgumentException("anchors must be (A, 4), got " + a);
        }
        if ((d.dimension() != 2 && d.dimension() != 3) || d.get(d.dimension() - 2) != a.get(0)) {
            throw new IllegalArgumentException(
                    "deltas must be (" + a.get(0) + ", 4) or (N, " + a.get(0) + ", 4) for anchors " + a + ", got " + d);
        }
        NDArray reference = anchors.getDataType() == deltas.getDataType()
                ? anchors
                : anchors.toType(deltas.getDataType(), false);
        NDArray widths = coordinate(reference, 2).sub(coordinate(reference, 0));
        NDArray heights = coordinate(reference, 3).sub(coordinate(reference, 1));
        NDArray ctrX = coordinate(reference, 0).add(widths.mul(0.5f));
        NDArray ctrY = coordinate(reference, 1).add(heights.mul(0.5f));

        NDArray dx = coordinate(deltas, 0).div((float) wx);
        NDArray dy = coordinate(deltas, 1).div((float) wy);
        NDArray dw = coordinate(deltas, 2).div((float) ww).minimum((float) clip);
        NDArray dh = coordinate(deltas, 3).div((float) wh).minimum((float) clip);

        NDArray predX = dx.mul(widths).add(ctrX);
        NDArray predY = dy.mul(heights).add(ctrY);
        NDArray halfW = dw.exp().mul(widths).mul(0.5f);
        NDArray halfH = dh.exp().mul(heights).mul(0.5f);
        return stackLast(predX.sub(halfW), predY.sub(halfH), predX.add(halfW), predY.add(halfH));
    }

    private static NDArray coordinate(NDArray boxes, int c) {
        return boxes.get(new NDIndex("..., {}", c));
    }

    private static NDArray stackLast(NDArray a, NDArray b, NDArray c, NDArray d) {
        return NDArrays.stack(new NDList(a, b, c, d), a.getShape().dimension());
    }

    private static void requireBoxes(String what, NDArray boxes) {
        Shape shape = boxes.getShape();
        if (shape.dimension() < 1 || shape.get(shape.dimension() - 1) != 4) {
            throw new IllegalArgumentException(what + " must end in a dimension of 4 (x1, y1, x2, y2), got " + shape);
        }
    }

    private static boolean broadcastable(Shape x, Shape y) {
        for (int i = 1; i <= Math.min(x.dimension(), y.dimension()); i++) {
            long a = x.get(x.dimension() - i);
            long b = y.get(y.dimension() - i);
            if (a != b && a != 1 && b != 1) {
                return false;
            }
        }
        return true;
    }
}
