package io.ssdstream.zones.counting;

import java.util.List;

/**
 * One class's counts in a window.
 *
 * @param distinctObjects tracks of this class seen in at least one of the window's frames
 * @param lines           lines crossed at least once, by name
 * @param zones           zones occupied at least once, by name
 */
public record ClassCounts(String label, long distinctObjects, List<LineCount> lines, List<OccupancyStats> zones) {

    public ClassCounts {
        lines = List.copyOf(lines);
        zones = List.copyOf(zones);
    }
}
