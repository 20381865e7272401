package io.ssdstream.trainer.train;

import io.ssdstream.ssd.loss.DetectionTarget;
import java.util.List;

/**
 * The inputs of one training step.
 *
 * @param pixels (images, 3, S, S) normalised network input, flattened
 * @param targets one ground truth per image, in network-input pixels
 * @param skipped images of this batch that could not be read
 */
record Batch(float[] pixels, List<DetectionTarget> targets, int skipped) {

    int images() {
        return targets.size();
    }
}
