package io.ssdstream.zones.counting;

import java.util.List;

/**
 * One class's counts in a window.
 *
 * @param detections      objects of this class summed over the window's frames (a track seen in 5 frames: 5)
 * @param framesWithClass the window's frames with at least one object of this class
 * @param distinctObjects tracks of this class seen in at least one of the window's frames
 * @param lines           lines crossed at least once, by name
 * @param zones           zones occupied at least once, by name
 */
public record ClassCounts(String label, long detections, long framesWithClass, long distinctObjects, List<LineCount> lines, List<OccupancyStats> zones) {

    public ClassCounts {
        lines = List.copyOf(lines);
        zones = List.copyOf(zones);
    }
}
