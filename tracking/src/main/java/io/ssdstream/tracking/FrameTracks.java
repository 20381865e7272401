package io.ssdstream.tracking;

import io.ssdstream.tracking.lifecycle.TrackEvent;
import java.util.List;
import java.util.OptionalLong;

/**
 * What one frame did: the track id of each input detection, in input order (empty for a detection that belongs to
 * no confirmed track: below the low score, tentative, or unmatched), and the lifecycle events it caused.
 */
public record FrameTracks(List<OptionalLong> trackIds, List<TrackEvent> events) {

    public FrameTracks {
        trackIds = List.copyOf(trackIds);
        events = List.copyOf(events);
    }
}
