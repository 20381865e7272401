package io.ssdstream.zones.analytics;

import io.ssdstream.zones.geometry.Side;
import java.io.Serializable;

/**
 * The side of a line a track was last clearly on (beyond the hysteresis), and where: the start of the path that a
 * crossing to the other side must take across the segment.
 */
public record LinePosition(Side side, double x, double y) implements Serializable {
}
