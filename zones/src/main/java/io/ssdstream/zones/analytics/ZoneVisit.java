package io.ssdstream.zones.analytics;

import java.io.Serializable;

/**
 * Where one track stands with one zone. Before ENTER: {@code insideFrames} consecutive frames seen inside since
 * {@code insideSince}. After ENTER: {@code outsideFrames} consecutive frames seen outside (EXIT when they reach the
 * inertia) and whether LOITERING was reported for this visit.
 */
public record ZoneVisit(boolean entered, int insideFrames, int outsideFrames, long insideSince,
                        boolean loiteringReported) implements Serializable {
}
