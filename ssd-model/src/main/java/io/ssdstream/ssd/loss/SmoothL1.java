package io.ssdstream.ssd.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/**
 * Smooth L1 (Huber-like) loss of Fast R-CNN, torch's {@code smooth_l1_loss(reduction="sum")}: quadratic below
 * {@code beta}, linear above. DJL's PyTorch engine has no smooth L1 operator, so it is built from elementwise
 * operations that autograd differentiates.
 */
final class SmoothL1 {

    private SmoothL1() {
    }

    /** Sum over all elements of smooth-L1({@code prediction - target}) with threshold {@code beta}. */
    static NDArray sum(NDArray prediction, NDArray target, float beta) {
        if (!prediction.getShape().equals(target.getShape())) {
            throw new IllegalArgumentException(
                    "smooth L1 needs equal shapes, got " + prediction.getShape() + " and " + target.getShape());
        }
        NDArray difference = prediction.sub(target);
        NDArray magnitude = difference.abs();
        NDArray quadratic = difference.mul(difference).mul(0.5f / beta);
        NDArray linear = magnitude.sub(0.5f * beta);
        // torch takes the quadratic branch strictly below beta, which also fixes the gradient at |d| == beta
        return NDArrays.where(magnitude.lt(beta), quadratic, linear).sum();
    }
}
