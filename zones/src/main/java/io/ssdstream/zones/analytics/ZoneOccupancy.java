package io.ssdstream.zones.analytics;

/** How many objects of one class are in a zone (entered and not yet left) after a frame. */
public record ZoneOccupancy(String zone, String label, int objects) {
}
