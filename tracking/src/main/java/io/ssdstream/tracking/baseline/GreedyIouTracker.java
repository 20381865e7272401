package io.ssdstream.tracking.baseline;

import io.ssdstream.tracking.Box;
import io.ssdstream.tracking.Observation;
import io.ssdstream.tracking.TrackerConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The plain IoU tracker that tracking quality is compared against: confident detections are matched greedily, best
 * IoU first, to the same class's tracks at their last seen box (no motion model, no second stage, no confirmation);
 * every unmatched confident detection starts a new id; tracks unseen for the max lost age are dropped.
 */
public final class GreedyIouTracker {

    private static final class Entry {
        final long id;
        final String label;
        Box box;
        long lastSeen;

        Entry(long id, String label, Box box, long lastSeen) {
            this.id = id;
            this.label = label;
            this.box = box;
            this.lastSeen = lastSeen;
        }
    }

    private record Candidate(int track, int detection, double iou) {
    }

    private final TrackerConfig config;
    private final List<Entry> tracks = new ArrayList<>();
    private long nextId = 1;

    public GreedyIouTracker(TrackerConfig config) {
        this.config = config;
    }

    /** The track id of each detection, in input order; empty for detections below the high score. */
    public List<OptionalLong> update(long captureTime, List<Observation> detections) {
        long maxAge = config.maxLostAge().toMillis();
        tracks.removeIf(t -> captureTime - t.lastSeen > maxAge);
        List<Candidate> candidates = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int d = 0; d < detections.size(); d++) {
                Observation det = detections.get(d);
                if (det.score() < config.highScore() || !det.label().equals(tracks.get(t).label)) {
                    continue;
                }
                double iou = det.box().iou(tracks.get(t).box);
                if (iou >= config.matchIou()) {
                    candidates.add(new Candidate(t, d, iou));
                }
            }
        }
        // ties broken by track then detection order, so the baseline is as deterministic as the tracker
        candidates.sort(Comparator.comparingDouble(Candidate::iou).reversed()
                .thenComparingInt(Candidate::track).thenComparingInt(Candidate::detection));
        boolean[] trackUsed = new boolean[tracks.size()];
        List<OptionalLong> ids = new ArrayList<>(detections.size());
        for (int d = 0; d < detections.size(); d++) {
            ids.add(OptionalLong.empty());
        }
        for (Candidate c : candidates) {
            if (trackUsed[c.track()] || ids.get(c.detection()).isPresent()) {
                continue;
            }
            trackUsed[c.track()] = true;
            Entry entry = tracks.get(c.track());
            entry.box = detections.get(c.detection()).box();
            entry.lastSeen = captureTime;
            ids.set(c.detection(), OptionalLong.of(entry.id));
        }
        for (int d = 0; d < detections.size(); d++) {
            Observation det = detections.get(d);
            if (ids.get(d).isEmpty() && det.score() >= config.highScore()) {
                Entry entry = new Entry(nextId++, det.label(), det.box(), captureTime);
                tracks.add(entry);
                ids.set(d, OptionalLong.of(entry.id));
            }
        }
        return ids;
    }
}
