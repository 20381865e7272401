package io.ssdstream.zones.analytics;

import java.io.Serializable;
import java.util.Map;

/** One track's standing with the camera's zones and lines, by zone and line name. */
public record TrackPresence(long trackId, String label, Map<String, ZoneVisit> zones,
                            Map<String, LinePosition> lines) implements Serializable {

    public TrackPresence {
        zones = Map.copyOf(zones);
        lines = Map.copyOf(lines);
    }
}
