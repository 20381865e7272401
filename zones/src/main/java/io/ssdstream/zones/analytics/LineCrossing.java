package io.ssdstream.zones.analytics;

/**
 * An object crossed a counting line.
 *
 * @param direction IN when it ended on the line's "in" side, OUT when it left it
 * @param time      capture time of the frame in which it was first clearly (beyond the hysteresis) on the new side
 */
public record LineCrossing(String line, Direction direction, long trackId, String label, long time) {

    public enum Direction { IN, OUT }
}
