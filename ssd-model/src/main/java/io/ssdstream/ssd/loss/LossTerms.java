package io.ssdstream.ssd.loss;

import ai.djl.ndarray.NDArray;

/**
 * The two parts of the SSD training objective, as torchvision's loss dictionary
 * {@code {"bbox_regression", "classification"}}; both are scalars already divided by the number of matched
 * default boxes.
 *
 * @param boxRegression localization loss: smooth L1 over the positives' box deltas
 * @param classification confidence loss: cross-entropy over positives and mined hard negatives
 */
public record LossTerms(NDArray boxRegression, NDArray classification) {

    /** The objective that training minimises: the unweighted sum of both terms (the paper's alpha = 1). */
    public NDArray total() {
        return boxRegression.add(classification);
    }
}
