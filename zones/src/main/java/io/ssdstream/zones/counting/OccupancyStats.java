package io.ssdstream.zones.counting;

/**
 * Objects of one class in one zone over a window's frames.
 *
 * @param max  the most at once after any frame
 * @param mean the sum over the window's frames divided by the number of frames (frames with none count as zero)
 */
public record OccupancyStats(String zone, int max, double mean) {
}
