package io.ssdstream.ssd.postprocess;

/**
 * One detected object in a frame's original pixel coordinates ({@code 0 <= xMin <= xMax <= width}).
 *
 * @param classId index into the model's class list (never 0, the background)
 * @param label the class name
 * @param score softmax probability of the class, in (0, 1]
 * @param xMin left edge in pixels
 * @param yMin top edge in pixels
 * @param xMax right edge in pixels
 * @param yMax bottom edge in pixels
 */
public record DetectedObject(int classId, String label, float score, float xMin, float yMin, float xMax, float yMax) {}
