package io.ssdstream.trainer.eval;

import io.ssdstream.scenes.PixelBox;

/**
 * One detection to evaluate: a class, a confidence and a box in the image's pixels.
 *
 * @param label class index (at least 1)
 * @param score confidence; higher ranks first
 * @param box the predicted box
 */
public record ScoredBox(int label, float score, PixelBox box) {}
