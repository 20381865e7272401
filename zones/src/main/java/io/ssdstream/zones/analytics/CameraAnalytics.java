package io.ssdstream.zones.analytics;

import io.ssdstream.zones.analytics.LineCrossing.Direction;
import io.ssdstream.zones.analytics.ZoneEvent.Type;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.DirectedSegment;
import io.ssdstream.zones.geometry.Side;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One camera's zone and line analytics on tracked objects: ENTER / EXIT / LOITERING with inertia, line crossings with
 * hysteresis, and zone occupancy.
 *
 * <p>Built from a {@link CameraGeometry} and an {@link AnalyticsState} and giving the state back through
 * {@link #state()}, like the tracker, so the job holds nothing in fields. Decisions depend only on the frames
 * (capture times, tracks, boxes) and the configuration: no clock, no randomness, a fixed order of events.
 *
 * <p>A configuration different from the state's takes effect with the next frame: objects in a zone that is gone,
 * or that no longer follows their class, get EXIT at that frame; a line that is gone or changed forgets which side
 * objects were on, so a crossing needs a clear side on the new line first and a moved line never counts by itself.
 */
public final class CameraAnalytics {

    private final CameraGeometry geometry;
    private CameraConfig followedWith;
    private long lastCaptureTime;
    private final TreeMap<Long, Followed> tracks = new TreeMap<>();

    public CameraAnalytics(CameraGeometry geometry, AnalyticsState state) {
        this.geometry = Objects.requireNonNull(geometry, "camera geometry");
        this.followedWith = state.config();
        this.lastCaptureTime = state.lastCaptureTime();
        for (TrackPresence presence : state.tracks()) {
            tracks.put(presence.trackId(), new Followed(presence));
        }
    }

    public AnalyticsState state() {
        return new AnalyticsState(followedWith, lastCaptureTime,
                tracks.values().stream().map(Followed::presence).toList());
    }

    public FrameAnalytics update(TrackedFrame frame) {
        long time = frame.captureTime();
        if (lastCaptureTime != Long.MIN_VALUE && time <= lastCaptureTime) {
            throw new IllegalArgumentException("frame capture time " + time + " is not after the previous frame's "
                    + lastCaptureTime + ": frames must arrive in capture order");
        }
        lastCaptureTime = time;
        List<ZoneEvent> zoneEvents = new ArrayList<>();
        List<LineCrossing> crossings = new ArrayList<>();
        adoptConfig(time, zoneEvents);

        for (TrackedObject object : frame.objects()) {
            Followed track = tracks.computeIfAbsent(object.trackId(), id -> new Followed(id, object.label()));
            track.label = object.label();
            followZones(track, object, time, zoneEvents);
            followLines(track, object, time, crossings);
            if (track.zones.isEmpty() && track.lines.isEmpty()) {
                tracks.remove(object.trackId());
            }
        }
        end(frame.endedTrackIds(), time, zoneEvents);
        return new FrameAnalytics(zoneEvents, crossings, occupancy());
    }

    /**
     * Ends tracks between frames, for the tracker's END events of a camera whose frames stopped
     * ({@code CameraTracker.expire}): each leaves every zone it is in, with EXIT at {@code time}. Like the tracker's
     * expiry this does not advance the capture time that the next frame must exceed.
     */
    public List<ZoneEvent> endTracks(long time, List<Long> trackIds) {
        List<ZoneEvent> events = new ArrayList<>();
        adoptConfig(time, events);
        end(trackIds, time, events);
        return events;
    }

    private void end(List<Long> trackIds, long time, List<ZoneEvent> events) {
        for (long ended : trackIds) {
            Followed track = tracks.remove(ended);
            if (track == null) {
                continue;
            }
            for (Zone zone : geometry.zones()) {
                ZoneVisit visit = track.zones.get(zone.name());
                if (visit != null && visit.entered()) {
                    events.add(new ZoneEvent(Type.EXIT, zone.name(), ended, track.label, time, visit.insideSince()));
                }
            }
        }
    }

    private void followZones(Followed track, TrackedObject object, long time, List<ZoneEvent> events) {
        List<Zone> zones = geometry.zones();
        for (int z = 0; z < zones.size(); z++) {
            Zone zone = zones.get(z);
            if (!zone.follows(object.label())) {
                continue;
            }
            boolean inside = geometry.shape(z).contains(
                    zone.referencePoint().x(object.box()), zone.referencePoint().y(object.box()));
            ZoneVisit visit = track.zones.get(zone.name());
            ZoneVisit next = visit == null || !visit.entered()
                    ? approach(zone, track, visit, inside, time, events)
                    : stay(zone, track, visit, inside, time, events);
            if (next == null) {
                track.zones.remove(zone.name());
            } else {
                track.zones.put(zone.name(), next);
            }
        }
    }

    /** Not yet entered: count consecutive frames inside; the inertia-th one enters. */
    private static ZoneVisit approach(Zone zone, Followed track, ZoneVisit visit, boolean inside, long time,
                                      List<ZoneEvent> events) {
        if (!inside) {
            return null;
        }
        int frames = visit == null ? 1 : visit.insideFrames() + 1;
        long since = visit == null ? time : visit.insideSince();
        if (frames < zone.inertia()) {
            return new ZoneVisit(false, frames, 0, since, false);
        }
        events.add(new ZoneEvent(Type.ENTER, zone.name(), track.id, track.label, time, since));
        return loiter(zone, track, new ZoneVisit(true, frames, 0, since, false), time, events);
    }

    /** Entered: the inertia-th consecutive frame outside leaves; time inside beyond the loitering time reports. */
    private static ZoneVisit stay(Zone zone, Followed track, ZoneVisit visit, boolean inside, long time,
                                  List<ZoneEvent> events) {
        if (inside) {
            return loiter(zone, track, new ZoneVisit(true, visit.insideFrames() + 1, 0, visit.insideSince(),
                    visit.loiteringReported()), time, events);
        }
        int outside = visit.outsideFrames() + 1;
        if (outside >= zone.inertia()) {
            events.add(new ZoneEvent(Type.EXIT, zone.name(), track.id, track.label, time, visit.insideSince()));
            return null;
        }
        return new ZoneVisit(true, visit.insideFrames(), outside, visit.insideSince(), visit.loiteringReported());
    }

    private static ZoneVisit loiter(Zone zone, Followed track, ZoneVisit visit, long time, List<ZoneEvent> events) {
        if (zone.loitering().isZero() || visit.loiteringReported()
                || time - visit.insideSince() < zone.loitering().toMillis()) {
            return visit;
        }
        events.add(new ZoneEvent(Type.LOITERING, zone.name(), track.id, track.label, time, visit.insideSince()));
        return new ZoneVisit(true, visit.insideFrames(), visit.outsideFrames(), visit.insideSince(), true);
    }

    /**
     * A side counts only beyond the hysteresis; a change of side is a crossing when the path from the last point
     * clearly on the old side to this one meets the segment (passing around its end changes side silently).
     */
    private void followLines(Followed track, TrackedObject object, long time, List<LineCrossing> crossings) {
        List<CountingLine> lines = geometry.lines();
        for (int l = 0; l < lines.size(); l++) {
            CountingLine line = lines.get(l);
            if (!line.counts(object.label())) {
                continue;
            }
            double x = line.referencePoint().x(object.box());
            double y = line.referencePoint().y(object.box());
            DirectedSegment segment = geometry.segment(l);
            double distance = segment.signedDistance(x, y);
            if (Math.abs(distance) <= line.hysteresis()) {
                continue;
            }
            Side side = distance > 0 ? Side.RIGHT : Side.LEFT;
            LinePosition last = track.lines.get(line.name());
            if (last != null && last.side() != side && segment.isCrossedBy(last.x(), last.y(), x, y)) {
                crossings.add(new LineCrossing(line.name(), side == line.inSide() ? Direction.IN : Direction.OUT,
                        track.id, object.label(), time));
            }
            track.lines.put(line.name(), new LinePosition(side, x, y));
        }
    }

    private void adoptConfig(long time, List<ZoneEvent> events) {
        CameraConfig old = followedWith;
        followedWith = geometry.config();
        if (old == null || old == followedWith || old.equals(followedWith)) {
            return;
        }
        Map<String, Zone> newZones = new HashMap<>();
        geometry.zones().forEach(z -> newZones.put(z.name(), z));
        Map<String, CountingLine> newLines = new HashMap<>();
        geometry.lines().forEach(l -> newLines.put(l.name(), l));
        for (Followed track : tracks.values()) {
            for (Zone zone : old.zones()) {
                ZoneVisit visit = track.zones.get(zone.name());
                Zone now = newZones.get(zone.name());
                if (visit != null && (now == null || !now.follows(track.label))) {
                    track.zones.remove(zone.name());
                    if (visit.entered()) {
                        events.add(new ZoneEvent(Type.EXIT, zone.name(), track.id, track.label, time,
                                visit.insideSince()));
                    }
                }
            }
            for (CountingLine line : old.lines()) {
                if (!line.equals(newLines.get(line.name()))) {
                    track.lines.remove(line.name());
                }
            }
        }
        tracks.values().removeIf(t -> t.zones.isEmpty() && t.lines.isEmpty());
    }

    private List<ZoneOccupancy> occupancy() {
        List<ZoneOccupancy> occupancy = new ArrayList<>();
        for (Zone zone : geometry.zones()) {
            TreeMap<String, Integer> byLabel = new TreeMap<>();
            for (Followed track : tracks.values()) {
                ZoneVisit visit = track.zones.get(zone.name());
                if (visit != null && visit.entered()) {
                    byLabel.merge(track.label, 1, Integer::sum);
                }
            }
            byLabel.forEach((label, n) -> occupancy.add(new ZoneOccupancy(zone.name(), label, n)));
        }
        return occupancy;
    }

    /** A track's standing while this analytics instance works on it. */
    private static final class Followed {
        final long id;
        String label;
        final Map<String, ZoneVisit> zones;
        final Map<String, LinePosition> lines;

        Followed(long id, String label) {
            this.id = id;
            this.label = label;
            this.zones = new HashMap<>();
            this.lines = new HashMap<>();
        }

        Followed(TrackPresence presence) {
            this.id = presence.trackId();
            this.label = presence.label();
            this.zones = new HashMap<>(presence.zones());
            this.lines = new HashMap<>(presence.lines());
        }

        TrackPresence presence() {
            return new TrackPresence(id, label, zones, lines);
        }
    }
}
