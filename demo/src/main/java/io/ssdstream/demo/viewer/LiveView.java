package io.ssdstream.demo.viewer;

import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.CrossingDirection;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.ZoneEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the viewer shows, assembled from the topics: each camera's latest frame that has its detection event, the
 * recent throughput and end-to-end latency, the recent centres of each tracked object (from the track ids of the
 * detections) and each camera's active objects (from the objects topic: NEW adds one, END removes it). With the
 * job's analytics: each camera's zones and lines (from the camera-configs topic), its line crossings per line and
 * direction, the objects in each zone (ENTER adds one, EXIT removes it) and its latest window of counts. Frames are
 * kept briefly, a few per camera, until their event arrives. Thread-safe: the topic reader writes, the web server
 * reads.
 */
public final class LiveView {

    /** Frames wait this long for their event; at the demo's rates that is a few seconds of video. */
    static final int FRAMES_KEPT_PER_CAMERA = 64;
    /** Throughput and latency describe the last this many milliseconds. */
    static final long WINDOW_MILLIS = 5_000;
    /** Centres kept per tracked object: a few seconds of its path at the demo's frame rates. */
    static final int TRAIL_POINTS = 20;

    /** The latest detected frame of a camera. */
    public record Snapshot(DetectionEvent event, byte[] jpeg) {}

    /** Throughput and latency over the recent window, and totals since the viewer started. */
    public record Statistics(double eventsPerSecond, long latencyP50Millis, long latencyP95Millis, long events,
            long shed, long rejected, long framesSeen, long undecodable) {}

    /** A confirmed object, between its NEW and its END event. */
    public record ActiveObject(long trackId, String label, Instant firstSeen, boolean stationary) {}

    /** Object events counted since the viewer started. */
    public record ObjectCounts(long created, long ended) {}

    /** Line crossings and zone entries counted since the viewer started, over every camera. */
    public record AnalyticsCounts(long crossingsIn, long crossingsOut, long zoneEntries) {}

    /** Crossings of one line since the viewer started. */
    public record LineTally(long in, long out) {}

    /** A box centre in pixels of the original frame. */
    public record Point(double x, double y) {}

    private record Arrival(long atMillis, long latencyMillis) {}

    /** A tracked object's latest centres, and the camera's event count when it was last detected. */
    private static final class Trail {
        private final Deque<Point> centres = new ArrayDeque<>();
        private long lastEvent;
    }

    private final Map<String, LinkedHashMap<Long, byte[]>> pendingFrames = new TreeMap<>();
    private final Map<String, Snapshot> latest = new TreeMap<>();
    private final Map<String, Long> eventsPerCamera = new TreeMap<>();
    private final Map<String, Long> servedPerCamera = new TreeMap<>();
    private final Map<String, Long> shedPerCamera = new TreeMap<>();
    private final Map<String, Long> rejectedPerCamera = new TreeMap<>();
    private final Deque<Arrival> recent = new ArrayDeque<>();
    private final Map<String, Map<Long, Trail>> trails = new TreeMap<>();
    private final Map<String, Map<Long, ActiveObject>> activeObjects = new TreeMap<>();
    private final Map<String, CameraZones> zones = new TreeMap<>();
    private final Map<String, Map<String, LineTally>> crossings = new TreeMap<>();
    private final Map<String, Map<String, Set<Long>>> zoneOccupants = new TreeMap<>();
    private final Map<String, CameraClassCounts> latestCounts = new TreeMap<>();
    private long crossingsIn;
    private long crossingsOut;
    private final Map<String, Long> entriesPerCamera = new TreeMap<>();
    private long invalidConfigs;
    private long objectsCreated;
    private long objectsEnded;
    private long events;
    private long shed;
    private long rejected;
    private long framesSeen;
    private long undecodable;

    public synchronized void onFrame(VideoFrame frame) {
        framesSeen++;
        LinkedHashMap<Long, byte[]> frames = pendingFrames.computeIfAbsent(frame.getCameraId().toString(),
                camera -> new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
                        return size() > FRAMES_KEPT_PER_CAMERA;
                    }
                });
        frames.put(frame.getFrameSequence(), bytes(frame.getImage()));
    }

    public synchronized void onDetections(DetectionEvent event, long nowMillis) {
        String camera = event.getCameraId().toString();
        events++;
        long cameraEvents = eventsPerCamera.merge(camera, 1L, Long::sum);
        extendTrails(camera, event.getDetections(), cameraEvents);
        recent.addLast(new Arrival(nowMillis,
                event.getProcessingTime().toEpochMilli() - event.getCaptureTime().toEpochMilli()));
        LinkedHashMap<Long, byte[]> frames = pendingFrames.get(camera);
        byte[] jpeg = frames == null ? null : frames.remove(event.getFrameSequence());
        if (jpeg != null) {
            latest.put(camera, new Snapshot(event, jpeg));
        }
    }

    public synchronized void onObject(ObjectEvent event) {
        String camera = event.getCameraId().toString();
        long trackId = event.getTrackId();
        switch (event.getKind()) {
            case NEW -> {
                objectsCreated++;
                activeObjects.computeIfAbsent(camera, c -> new TreeMap<>()).put(trackId, new ActiveObject(trackId,
                        event.getLabel().toString(), event.getFirstSeen(), event.getStationary()));
            }
            case UPDATE -> activeObjects.getOrDefault(camera, Map.of()).computeIfPresent(trackId, (id, known) ->
                    new ActiveObject(id, known.label(), known.firstSeen(), event.getStationary()));
            case END -> {
                objectsEnded++;
                activeObjects.getOrDefault(camera, Map.of()).remove(trackId);
                trails.getOrDefault(camera, Map.of()).remove(trackId);
            }
            default -> {
                // a kind this viewer does not know: nothing to show for it
            }
        }
    }

    /**
     * A camera's zones and lines as published, or their removal ({@code null}, a tombstone). A configuration the
     * job would refuse is counted and leaves the previous one shown, as the job keeps the previous one active.
     */
    public synchronized void onCameraConfig(String camera, CameraConfig config) {
        if (config == null) {
            zones.remove(camera);
            return;
        }
        try {
            zones.put(camera, new CameraZones(CameraConfigs.toZones(config)));
        } catch (IllegalArgumentException refused) {
            invalidConfigs++;
        }
    }

    public synchronized void onLineCrossing(LineCrossing crossing) {
        boolean in = crossing.getDirection() == CrossingDirection.IN;
        if (!in && crossing.getDirection() != CrossingDirection.OUT) {
            return;
        }
        if (in) {
            crossingsIn++;
        } else {
            crossingsOut++;
        }
        crossings.computeIfAbsent(crossing.getCameraId().toString(), c -> new TreeMap<>()).merge(
                crossing.getLine().toString(), new LineTally(in ? 1 : 0, in ? 0 : 1),
                (a, b) -> new LineTally(a.in() + b.in(), a.out() + b.out()));
    }

    /** ENTER adds the object to the zone's occupants and EXIT removes it; LOITERING changes neither. */
    public synchronized void onZoneEvent(ZoneEvent event) {
        Set<Long> occupants = zoneOccupants.computeIfAbsent(event.getCameraId().toString(), c -> new TreeMap<>())
                .computeIfAbsent(event.getZone().toString(), z -> new TreeSet<>());
        switch (event.getKind()) {
            case ENTER -> {
                entriesPerCamera.merge(event.getCameraId().toString(), 1L, Long::sum);
                occupants.add(event.getTrackId());
            }
            case EXIT -> occupants.remove(event.getTrackId());
            default -> {
                // LOITERING, or a kind this viewer does not know: the occupants are the same
            }
        }
    }

    /**
     * Keeps each camera's latest window of counts: a later window replaces an earlier one, and a window re-emitted
     * after late frames replaces its lower revision.
     */
    public synchronized void onCounts(CameraClassCounts counts) {
        latestCounts.merge(counts.getCameraId().toString(), counts, (known, next) ->
                next.getWindowStart().isAfter(known.getWindowStart())
                        || next.getWindowStart().equals(known.getWindowStart())
                        && next.getRevision() >= known.getRevision() ? next : known);
    }

    /**
     * Counts a dead letter: a frame shed as stale (the job was behind, the frame itself was fine) apart from one
     * rejected for what it is, because an operator acts on them differently.
     */
    public synchronized void onRejected(FrameRejected rejection) {
        boolean stale = rejection.getReason() == RejectReason.STALE;
        if (stale) {
            shed++;
        } else {
            rejected++;
        }
        if (rejection.getCameraId() != null) {
            (stale ? shedPerCamera : rejectedPerCamera).merge(rejection.getCameraId().toString(), 1L, Long::sum);
        }
    }

    /** A record on one of the topics that is not a contract record. */
    public synchronized void onUndecodable() {
        undecodable++;
    }

    /** Cameras that have shown at least one detected frame, by name. */
    public synchronized List<String> cameras() {
        return new ArrayList<>(latest.keySet());
    }

    public synchronized Optional<Snapshot> latest(String camera) {
        return Optional.ofNullable(latest.get(camera));
    }

    /** The JPEG of {@code camera}'s latest frame if it is still frame {@code sequence}; counts it as served. */
    public synchronized Optional<byte[]> serveFrame(String camera, long sequence) {
        Snapshot snapshot = latest.get(camera);
        if (snapshot == null || snapshot.event().getFrameSequence() != sequence) {
            return Optional.empty();
        }
        servedPerCamera.merge(camera, 1L, Long::sum);
        return Optional.of(snapshot.jpeg());
    }

    /** {@code camera}'s confirmed objects that have not ended, by track id. */
    public synchronized List<ActiveObject> activeObjects(String camera) {
        return List.copyOf(activeObjects.getOrDefault(camera, Map.of()).values());
    }

    /** The latest centres of {@code camera}'s object {@code trackId}, oldest first; empty if none are known. */
    public synchronized List<Point> trail(String camera, long trackId) {
        Trail trail = trails.getOrDefault(camera, Map.of()).get(trackId);
        return trail == null ? List.of() : List.copyOf(trail.centres);
    }

    /** {@code camera}'s zones and lines, if it has a configuration. */
    public synchronized Optional<CameraZones> zones(String camera) {
        return Optional.ofNullable(zones.get(camera));
    }

    /** {@code camera}'s crossings per line since the viewer started; lines never crossed are absent. */
    public synchronized Map<String, LineTally> crossingsOf(String camera) {
        return Map.copyOf(crossings.getOrDefault(camera, Map.of()));
    }

    /** The objects in {@code camera}'s zone {@code zone} now: entered and not left. */
    public synchronized int occupancyOf(String camera, String zone) {
        return zoneOccupants.getOrDefault(camera, Map.of()).getOrDefault(zone, Set.of()).size();
    }

    /** {@code camera}'s latest window of counts, at its highest revision. */
    public synchronized Optional<CameraClassCounts> latestCounts(String camera) {
        return Optional.ofNullable(latestCounts.get(camera));
    }

    public synchronized AnalyticsCounts analyticsCounts() {
        return new AnalyticsCounts(crossingsIn, crossingsOut,
                entriesPerCamera.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Objects that entered one of {@code camera}'s zones since the viewer started. */
    public synchronized long zoneEntriesOf(String camera) {
        return entriesPerCamera.getOrDefault(camera, 0L);
    }

    /** Camera configurations seen on the topic that the job would refuse. */
    public synchronized long invalidConfigs() {
        return invalidConfigs;
    }

    public synchronized ObjectCounts objectCounts() {
        return new ObjectCounts(objectsCreated, objectsEnded);
    }

    public synchronized long eventsOf(String camera) {
        return eventsPerCamera.getOrDefault(camera, 0L);
    }

    /** Frames of {@code camera} shed as stale because the job was behind. */
    public synchronized long shedOf(String camera) {
        return shedPerCamera.getOrDefault(camera, 0L);
    }

    /**
     * Frames of {@code camera} dead-lettered for any reason but staleness (those whose camera the job could not read
     * are nobody's).
     */
    public synchronized long rejectedOf(String camera) {
        return rejectedPerCamera.getOrDefault(camera, 0L);
    }

    /** Frames the web page has loaded for {@code camera}. */
    public synchronized long servedOf(String camera) {
        return servedPerCamera.getOrDefault(camera, 0L);
    }

    public synchronized Statistics statistics(long nowMillis) {
        while (!recent.isEmpty() && recent.peekFirst().atMillis() <= nowMillis - WINDOW_MILLIS) {
            recent.removeFirst();
        }
        long[] latencies = recent.stream().mapToLong(Arrival::latencyMillis).sorted().toArray();
        return new Statistics(latencies.length * 1000.0 / WINDOW_MILLIS, percentile(latencies, 0.50),
                percentile(latencies, 0.95), events, shed, rejected, framesSeen, undecodable);
    }

    /**
     * Adds each tracked detection's centre to its object's trail, and forgets the trails of objects not detected in
     * the camera's last {@link #TRAIL_POINTS} events, so that objects whose END never reaches the viewer do not pile
     * up.
     */
    private void extendTrails(String camera, List<Detection> detections, long cameraEvents) {
        Map<Long, Trail> cameraTrails = trails.computeIfAbsent(camera, c -> new TreeMap<>());
        for (Detection detection : detections) {
            if (detection.getTrackId() == null) {
                continue;
            }
            Trail trail = cameraTrails.computeIfAbsent(detection.getTrackId(), id -> new Trail());
            trail.centres.addLast(new Point((detection.getBox().getXMin() + detection.getBox().getXMax()) / 2.0,
                    (detection.getBox().getYMin() + detection.getBox().getYMax()) / 2.0));
            if (trail.centres.size() > TRAIL_POINTS) {
                trail.centres.removeFirst();
            }
            trail.lastEvent = cameraEvents;
        }
        cameraTrails.values().removeIf(trail -> cameraEvents - trail.lastEvent >= TRAIL_POINTS);
    }

    /** Nearest-rank percentile; 0 when there is nothing to rank. */
    static long percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        return copy;
    }
}
