package io.ssdstream.demo.viewer;

import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.VideoFrame;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the viewer shows, assembled from the three topics: each camera's latest frame that has its detection event,
 * and the recent throughput and end-to-end latency. Frames are kept briefly, a few per camera, until their event
 * arrives. Thread-safe: the topic reader writes, the web server reads.
 */
public final class LiveView {

    /** Frames wait this long for their event; at the demo's rates that is a few seconds of video. */
    static final int FRAMES_KEPT_PER_CAMERA = 64;
    /** Throughput and latency describe the last this many milliseconds. */
    static final long WINDOW_MILLIS = 5_000;

    /** The latest detected frame of a camera. */
    public record Snapshot(DetectionEvent event, byte[] jpeg) {}

    /** Throughput and latency over the recent window, and totals since the viewer started. */
    public record Statistics(double eventsPerSecond, long latencyP50Millis, long latencyP95Millis, long events,
            long rejected, long framesSeen, long undecodable) {}

    private record Arrival(long atMillis, long latencyMillis) {}

    private final Map<String, LinkedHashMap<Long, byte[]>> pendingFrames = new TreeMap<>();
    private final Map<String, Snapshot> latest = new TreeMap<>();
    private final Map<String, Long> eventsPerCamera = new TreeMap<>();
    private final Map<String, Long> servedPerCamera = new TreeMap<>();
    private final Map<String, Long> rejectedPerCamera = new TreeMap<>();
    private final Deque<Arrival> recent = new ArrayDeque<>();
    private long events;
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
        eventsPerCamera.merge(camera, 1L, Long::sum);
        recent.addLast(new Arrival(nowMillis,
                event.getProcessingTime().toEpochMilli() - event.getCaptureTime().toEpochMilli()));
        LinkedHashMap<Long, byte[]> frames = pendingFrames.get(camera);
        byte[] jpeg = frames == null ? null : frames.remove(event.getFrameSequence());
        if (jpeg != null) {
            latest.put(camera, new Snapshot(event, jpeg));
        }
    }

    public synchronized void onRejected(FrameRejected rejection) {
        rejected++;
        if (rejection.getCameraId() != null) {
            rejectedPerCamera.merge(rejection.getCameraId().toString(), 1L, Long::sum);
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

    public synchronized long eventsOf(String camera) {
        return eventsPerCamera.getOrDefault(camera, 0L);
    }

    /** Frames of {@code camera} dead-lettered (those whose camera the job could not read are nobody's). */
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
                percentile(latencies, 0.95), events, rejected, framesSeen, undecodable);
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
