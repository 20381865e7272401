package io.ssdstream.zones.analytics;

import java.util.List;

/**
 * What one frame did: zone events and line crossings in a fixed order (objects in input order, each through the
 * zones then the lines in configuration order; then ended tracks), and the zones' occupancy after it (only non-zero
 * entries, in zone order then label order).
 */
public record FrameAnalytics(List<ZoneEvent> zoneEvents, List<LineCrossing> crossings, List<ZoneOccupancy> occupancy) {

    public FrameAnalytics {
        zoneEvents = List.copyOf(zoneEvents);
        crossings = List.copyOf(crossings);
        occupancy = List.copyOf(occupancy);
    }
}
