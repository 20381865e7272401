package io.ssdstream.tracking;

import io.ssdstream.tracking.lifecycle.PathSummary;
import io.ssdstream.tracking.lifecycle.TrackStatus;
import io.ssdstream.tracking.lifecycle.UpdateReason;
import io.ssdstream.tracking.motion.BoxMotion;
import java.io.Serializable;
import java.util.EnumSet;
import java.util.Set;

/**
 * One object's track as plain values: the part of {@link TrackerState} the tracker changes frame by frame. Only
 * {@link CameraTracker} mutates it, and only on its own copy of the state.
 */
public final class Track implements Serializable {

    private static final long serialVersionUID = 1L;

    /** 0 while tentative: ids are handed out at confirmation, so every id a consumer sees is a real object. */
    long id;
    final String label;
    TrackStatus status;
    int hits;
    BoxMotion motion;
    /** Capture time the motion estimate is for. */
    long motionTime;
    final long firstSeen;
    long lastSeen;
    /** The camera's unwatched time when the track was last seen: what of its lost time was not watched. */
    long unwatchedAtLastSeen;
    Box lastBox;
    double lastScore;
    double bestScore;
    PathSummary path;
    boolean stationary;
    /** Where the object was when it last moved beyond the stationary tolerance, and since when it stayed there. */
    Box anchor;
    long anchorSince;
    long lastEventTime;
    Box lastEventBox;
    double lastEventBestScore;
    EnumSet<UpdateReason> pending;

    Track(String label, Box box, double score, long captureTime, BoxMotion motion) {
        this.label = label;
        this.status = TrackStatus.TENTATIVE;
        this.hits = 1;
        this.motion = motion;
        this.motionTime = captureTime;
        this.firstSeen = captureTime;
        this.lastSeen = captureTime;
        this.lastBox = box;
        this.lastScore = score;
        this.bestScore = score;
        this.path = PathSummary.start(box.centreX(), box.centreY());
        this.anchor = box;
        this.anchorSince = captureTime;
        this.pending = EnumSet.noneOf(UpdateReason.class);
    }

    private Track(Track o) {
        id = o.id;
        label = o.label;
        status = o.status;
        hits = o.hits;
        motion = o.motion;
        motionTime = o.motionTime;
        firstSeen = o.firstSeen;
        lastSeen = o.lastSeen;
        unwatchedAtLastSeen = o.unwatchedAtLastSeen;
        lastBox = o.lastBox;
        lastScore = o.lastScore;
        bestScore = o.bestScore;
        path = o.path;
        stationary = o.stationary;
        anchor = o.anchor;
        anchorSince = o.anchorSince;
        lastEventTime = o.lastEventTime;
        lastEventBox = o.lastEventBox;
        lastEventBestScore = o.lastEventBestScore;
        pending = EnumSet.copyOf(o.pending);
    }

    Track copy() {
        return new Track(this);
    }

    public long id() {
        return id;
    }

    public String label() {
        return label;
    }

    public TrackStatus status() {
        return status;
    }

    public boolean confirmed() {
        return status != TrackStatus.TENTATIVE;
    }

    public long firstSeen() {
        return firstSeen;
    }

    public long lastSeen() {
        return lastSeen;
    }

    public Box lastBox() {
        return lastBox;
    }

    public boolean stationary() {
        return stationary;
    }

    public Set<UpdateReason> pendingReasons() {
        return Set.copyOf(pending);
    }

    @Override
    public String toString() {
        return "Track[" + id + " " + label + " " + status + " hits=" + hits + " last=" + lastSeen + "]";
    }
}
