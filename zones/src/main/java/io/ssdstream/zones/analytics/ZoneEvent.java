package io.ssdstream.zones.analytics;

/**
 * An object entered, left or loitered in a zone.
 *
 * @param time        capture time of the frame that decided the event (for ENTER, the frame that completed the
 *                    inertia; for EXIT, the one that completed it outside, or in which the track ended)
 * @param insideSince capture time of the first frame of the run of frames inside that led to ENTER; time minus
 *                    this is how long the object has been in the zone
 */
public record ZoneEvent(Type type, String zone, long trackId, String label, long time, long insideSince) {

    public enum Type { ENTER, EXIT, LOITERING }
}
