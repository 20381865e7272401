package io.ssdstream.tracking;

import io.ssdstream.tracking.association.Assignment;
import io.ssdstream.tracking.association.MergedDetection;
import io.ssdstream.tracking.lifecycle.TrackEvent;
import io.ssdstream.tracking.lifecycle.TrackStatus;
import io.ssdstream.tracking.lifecycle.UpdateReason;
import io.ssdstream.tracking.motion.ConstantVelocityModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One camera's multi-object tracker: ByteTrack's two-stage association over constant-velocity Kalman predictions
 * with OC-SORT's observation-centric recovery for tracks the prediction lost, lost tracks predicted at the size they
 * were last seen ({@link ConstantVelocityModel#holdSize}), merged detections of two objects left out
 * ({@link MergedDetection}), per-class tracks, confirmation after N hits, lost tracks kept for a time, stationary
 * detection and lifecycle events.
 *
 * <p><b>Time.</b> Motion is predicted over capture time, however the frames came. A lost track ends after the max
 * lost age of <em>watched</em> capture time: a span that ends in a frame the job shed unseen ({@link #shed}) does not
 * count, so the job's own overload never ends a track and gives the object a new id. A span that ends in a watched
 * frame counts whole, a camera's silence included, as does the time after the last frame ({@link #expire}).
 *
 * <p>Built from a {@link TrackerState} and giving it back through {@link #state()}, so a keyed operator can hold no
 * track in a field. Every decision depends only on the frames' capture times and detections (no wall clock, no
 * randomness, deterministic iteration order), so the same input always yields the same ids and events.
 */
public final class CameraTracker {

    private final TrackerConfig config;
    private final List<Track> tracks;
    private long nextId;
    private long lastCaptureTime;
    private long unwatchedMillis;

    public CameraTracker(TrackerConfig config, TrackerState state) {
        this.config = Objects.requireNonNull(config, "tracker config");
        this.tracks = new ArrayList<>(state.tracks().stream().map(Track::copy).toList());
        this.nextId = state.nextId();
        this.lastCaptureTime = state.lastCaptureTime();
        this.unwatchedMillis = state.unwatchedMillis();
    }

    public TrackerState state() {
        return new TrackerState(tracks, nextId, lastCaptureTime, unwatchedMillis);
    }

    /**
     * Tracks one frame.
     *
     * @param captureTime epoch milliseconds the frame was captured; strictly after the previous frame's
     * @param detections  the frame's detections, any class, any score
     */
    public FrameTracks update(long captureTime, List<Observation> detections) {
        requireCaptureOrder(captureTime);
        lastCaptureTime = captureTime;
        List<TrackEvent> events = new ArrayList<>();
        endAgedOut(captureTime, events);

        int trackCount = tracks.size();
        ConstantVelocityModel.Prediction[] predictions = new ConstantVelocityModel.Prediction[trackCount];
        Box[] predicted = new Box[trackCount];
        for (int t = 0; t < trackCount; t++) {
            Track track = tracks.get(t);
            predictions[t] = ConstantVelocityModel.predict(track.motion, (captureTime - track.motionTime) / 1000.0);
            predicted[t] = predictions[t].box();
        }

        List<Integer> high = new ArrayList<>();
        List<Integer> low = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) {
            double score = detections.get(d).score();
            if (score >= config.highScore()) {
                if (!MergedDetection.spans(detections.get(d).box(), confirmedOfClass(detections.get(d), predicted))) {
                    high.add(d);
                }
            } else if (score >= config.lowScore()) {
                low.add(d);
            }
        }
        int[] trackOfDetection = new int[detections.size()];
        Arrays.fill(trackOfDetection, -1);
        boolean[] trackMatched = new boolean[trackCount];

        // ByteTrack: confident boxes may continue any confirmed track, lost ones included ...
        associate(high, indicesWhere(t -> tracks.get(t).confirmed(), trackCount), detections, predicted,
                trackOfDetection, trackMatched);
        // ... weak boxes (often occluded objects) may only continue a track seen in the previous frame ...
        associate(low, indicesWhere(t -> !trackMatched[t] && tracks.get(t).status == TrackStatus.ACTIVE, trackCount),
                detections, predicted, trackOfDetection, trackMatched);
        // ... confident boxes left over may continue a confirmed track where it was last seen, not where its motion
        // says it is: after an occlusion the prediction has drifted while the object stood or turned (OC-SORT's
        // observation-centric recovery) ...
        Box[] lastSeen = new Box[trackCount];
        for (int t = 0; t < trackCount; t++) {
            lastSeen[t] = tracks.get(t).lastBox;
        }
        associate(unassigned(high, trackOfDetection),
                indicesWhere(t -> !trackMatched[t] && tracks.get(t).confirmed(), trackCount),
                detections, lastSeen, trackOfDetection, trackMatched);
        // ... and tentative tracks take what confident boxes are left.
        associate(unassigned(high, trackOfDetection),
                indicesWhere(t -> tracks.get(t).status == TrackStatus.TENTATIVE, trackCount),
                detections, predicted, trackOfDetection, trackMatched);

        long[] idOfTrack = new long[trackCount];
        for (int d = 0; d < detections.size(); d++) {
            int t = trackOfDetection[d];
            if (t >= 0) {
                observe(tracks.get(t), predictions[t], detections.get(d), captureTime, events);
            }
        }
        for (int t = 0; t < trackCount; t++) {
            idOfTrack[t] = tracks.get(t).id;
        }
        List<Track> kept = new ArrayList<>(trackCount);
        for (int t = 0; t < trackCount; t++) {
            Track track = tracks.get(t);
            if (!trackMatched[t]) {
                if (track.status == TrackStatus.TENTATIVE) {
                    continue;
                }
                if (track.status == TrackStatus.ACTIVE) {
                    track.motion = ConstantVelocityModel.holdSize(track.motion);
                }
                track.status = TrackStatus.LOST;
            }
            kept.add(track);
        }
        tracks.clear();
        tracks.addAll(kept);

        List<OptionalLong> ids = new ArrayList<>(detections.size());
        for (int d = 0; d < detections.size(); d++) {
            int t = trackOfDetection[d];
            ids.add(t >= 0 && idOfTrack[t] != 0 ? OptionalLong.of(idOfTrack[t]) : OptionalLong.empty());
        }
        for (int d : unassigned(high, trackOfDetection)) {
            Observation detection = detections.get(d);
            Track track = new Track(detection.label(), detection.box(), detection.score(), captureTime,
                    ConstantVelocityModel.start(detection.box()));
            track.unwatchedAtLastSeen = unwatchedMillis;
            tracks.add(track);
            if (config.confirmationHits() == 1) {
                confirm(track, captureTime, events);
                ids.set(d, OptionalLong.of(track.id));
            }
        }
        return new FrameTracks(ids, events);
    }

    /**
     * Notes a frame the job shed without looking at it (too old to be worth detecting): the capture time since the
     * previous frame passed unwatched, so no lost track ages during it, and no track is matched, lost or ended. The
     * object is still where the motion model says; the next watched frame finds it there or, having stood still,
     * where it was last seen.
     *
     * @param captureTime epoch milliseconds the shed frame was captured; strictly after the previous frame's
     */
    public void shed(long captureTime) {
        requireCaptureOrder(captureTime);
        if (lastCaptureTime != Long.MIN_VALUE) {
            unwatchedMillis += captureTime - lastCaptureTime;
        }
        lastCaptureTime = captureTime;
    }

    private void requireCaptureOrder(long captureTime) {
        if (lastCaptureTime != Long.MIN_VALUE && captureTime <= lastCaptureTime) {
            throw new IllegalArgumentException("frame capture time " + captureTime
                    + " is not after the previous frame's " + lastCaptureTime + ": frames must arrive in capture order");
        }
    }

    /**
     * Ends the confirmed tracks not seen for longer than the max lost age as of {@code now}, for a camera whose
     * frames stopped: an event-time timer can call this so objects end without another frame.
     */
    public List<TrackEvent> expire(long now) {
        List<TrackEvent> events = new ArrayList<>();
        endAgedOut(now, events);
        return events;
    }

    private void endAgedOut(long now, List<TrackEvent> events) {
        long maxAge = config.maxLostAge().toMillis();
        tracks.removeIf(track -> {
            if (track.status == TrackStatus.TENTATIVE || watchedSinceSeen(track, now) <= maxAge) {
                return false;
            }
            events.add(event(TrackEvent.Type.END, track, now, EnumSet.noneOf(UpdateReason.class)));
            return true;
        });
    }

    /** The capture time from the track's last sighting to {@code now}, less what of it passed unwatched. */
    private long watchedSinceSeen(Track track, long now) {
        return now - track.lastSeen - (unwatchedMillis - track.unwatchedAtLastSeen);
    }

    private void associate(List<Integer> dets, List<Integer> candidates, List<Observation> detections, Box[] predicted,
                           int[] trackOfDetection, boolean[] trackMatched) {
        if (dets.isEmpty() || candidates.isEmpty()) {
            return;
        }
        double[][] cost = new double[dets.size()][candidates.size()];
        for (int i = 0; i < dets.size(); i++) {
            Observation detection = detections.get(dets.get(i));
            for (int j = 0; j < candidates.size(); j++) {
                int t = candidates.get(j);
                // another class never continues a track: a cost above any allowed one gates the pair out
                cost[i][j] = detection.label().equals(tracks.get(t).label)
                        ? 1 - detection.box().iou(predicted[t])
                        : 2;
            }
        }
        int[] match = Assignment.solve(cost, 1 - config.matchIou());
        for (int i = 0; i < dets.size(); i++) {
            if (match[i] >= 0) {
                int t = candidates.get(match[i]);
                trackOfDetection[dets.get(i)] = t;
                trackMatched[t] = true;
            }
        }
    }

    private void observe(Track track, ConstantVelocityModel.Prediction prediction, Observation detection,
                         long captureTime, List<TrackEvent> events) {
        Box box = detection.box();
        track.motion = prediction.correct(box);
        track.motionTime = captureTime;
        track.hits++;
        track.lastSeen = captureTime;
        track.unwatchedAtLastSeen = unwatchedMillis;
        track.lastBox = box;
        track.lastScore = detection.score();
        track.path = track.path.then(box.centreX(), box.centreY());
        boolean scoreRaised = detection.score() > track.bestScore;
        track.bestScore = Math.max(track.bestScore, detection.score());
        updateStationary(track, box, captureTime);
        if (track.status == TrackStatus.TENTATIVE) {
            if (track.hits >= config.confirmationHits()) {
                confirm(track, captureTime, events);
            }
            return;
        }
        track.status = TrackStatus.ACTIVE;
        if (scoreRaised && track.bestScore > track.lastEventBestScore) {
            track.pending.add(UpdateReason.SCORE_RAISED);
        }
        if (!track.stationary
                && box.centreDistance(track.lastEventBox) > config.moveThreshold() * track.lastEventBox.size()) {
            track.pending.add(UpdateReason.MOVED);
        }
        if (track.stationary) {
            // a parked object stays quiet until it moves: only the change to stationary itself is news
            track.pending.remove(UpdateReason.SCORE_RAISED);
            track.pending.remove(UpdateReason.MOVED);
        }
        if (!track.pending.isEmpty()
                && captureTime - track.lastEventTime >= config.updateInterval().toMillis()) {
            events.add(event(TrackEvent.Type.UPDATE, track, captureTime, track.pending));
            markEvent(track, captureTime);
        }
    }

    private void updateStationary(Track track, Box box, long captureTime) {
        if (box.centreDistance(track.anchor) > config.stationaryTolerance() * track.anchor.size()) {
            track.anchor = box;
            track.anchorSince = captureTime;
            if (track.stationary) {
                track.stationary = false;
                flip(track, UpdateReason.MOVING_AGAIN, UpdateReason.BECAME_STATIONARY);
            }
        } else if (!track.stationary && captureTime - track.anchorSince >= config.stationaryAfter().toMillis()) {
            track.stationary = true;
            flip(track, UpdateReason.BECAME_STATIONARY, UpdateReason.MOVING_AGAIN);
        }
    }

    /** A change that undoes one not yet reported cancels it: the consumer never saw the first. */
    private static void flip(Track track, UpdateReason now, UpdateReason opposite) {
        if (track.status == TrackStatus.TENTATIVE) {
            return;
        }
        if (!track.pending.remove(opposite)) {
            track.pending.add(now);
        }
    }

    private void confirm(Track track, long captureTime, List<TrackEvent> events) {
        track.id = nextId++;
        track.status = TrackStatus.ACTIVE;
        events.add(event(TrackEvent.Type.NEW, track, captureTime, EnumSet.noneOf(UpdateReason.class)));
        markEvent(track, captureTime);
    }

    private static void markEvent(Track track, long captureTime) {
        track.lastEventTime = captureTime;
        track.lastEventBox = track.lastBox;
        track.lastEventBestScore = track.bestScore;
        track.pending.clear();
    }

    private static TrackEvent event(TrackEvent.Type type, Track track, long captureTime,
                                    EnumSet<UpdateReason> reasons) {
        return new TrackEvent(type, track.id, track.label, captureTime, track.lastBox, track.lastScore,
                track.bestScore, track.stationary, reasons, track.firstSeen, track.lastSeen, track.path);
    }

    /** The predicted boxes of the confirmed tracks of the detection's class. */
    private List<Box> confirmedOfClass(Observation detection, Box[] predicted) {
        List<Box> boxes = new ArrayList<>();
        for (int t = 0; t < predicted.length; t++) {
            Track track = tracks.get(t);
            if (track.confirmed() && detection.label().equals(track.label)) {
                boxes.add(predicted[t]);
            }
        }
        return boxes;
    }

    private static List<Integer> indicesWhere(java.util.function.IntPredicate p, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (p.test(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static List<Integer> unassigned(List<Integer> dets, int[] trackOfDetection) {
        return dets.stream().filter(d -> trackOfDetection[d] < 0).toList();
    }
}
