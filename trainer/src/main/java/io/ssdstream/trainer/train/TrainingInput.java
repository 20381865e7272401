package io.ssdstream.trainer.train;

import io.ssdstream.ssd.loss.DetectionTarget;

/**
 * One augmented image as the network takes it: normalised (3, S, S) pixels, channel-major, and its ground truth
 * in network-input pixels.
 */
record TrainingInput(float[] pixels, DetectionTarget target) {}
