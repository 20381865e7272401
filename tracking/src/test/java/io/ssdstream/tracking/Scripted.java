package io.ssdstream.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Drives a tracker through scripted frames and keeps what it returned. */
final class Scripted {

    static final long T0 = 1_700_000_000_000L;

    static Observation person(double cx, double cy, double w, double h, double score) {
        return new Observation(Box.ofCentre(cx, cy, w, h), "person", score);
    }

    static Observation of(String label, double cx, double cy, double w, double h, double score) {
        return new Observation(Box.ofCentre(cx, cy, w, h), label, score);
    }

    static long id(FrameTracks frame, int detection) {
        OptionalLong id = frame.trackIds().get(detection);
        return id.isPresent() ? id.getAsLong() : 0;
    }

    record Frame(long captureTime, List<Observation> detections) {
    }

    static List<FrameTracks> run(CameraTracker tracker, List<Frame> frames) {
        List<FrameTracks> out = new ArrayList<>();
        for (Frame f : frames) {
            out.add(tracker.update(f.captureTime(), f.detections()));
        }
        return out;
    }

    private Scripted() {
    }
}
