package io.ssdstream.job.track;

import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.ObjectEventKind;
import io.ssdstream.schemas.ObjectPath;
import io.ssdstream.schemas.UpdateReason;
import io.ssdstream.tracking.Box;
import io.ssdstream.tracking.lifecycle.PathSummary;
import io.ssdstream.tracking.lifecycle.TrackEvent;
import java.time.Instant;
import java.util.List;

/** The tracker's lifecycle events as the objects topic's contract. */
final class ObjectEvents {

    private ObjectEvents() {}

    /**
     * @param frameSequence the frame that caused the event, or null for an END of a camera whose frames stopped
     */
    static ObjectEvent of(String cameraId, Long frameSequence, TrackEvent event) {
        Box box = event.box();
        PathSummary path = event.path();
        return ObjectEvent.newBuilder()
                .setCameraId(cameraId)
                .setTrackId(event.trackId())
                .setKind(kind(event.type()))
                .setLabel(event.label())
                .setCaptureTime(Instant.ofEpochMilli(event.captureTime()))
                .setFrameSequence(frameSequence)
                .setBox(new BoundingBox((float) box.x1(), (float) box.y1(), (float) box.x2(), (float) box.y2()))
                .setScore((float) event.score())
                .setBestScore((float) event.bestScore())
                .setStationary(event.stationary())
                .setReasons(reasons(event))
                .setFirstSeen(Instant.ofEpochMilli(event.firstSeen()))
                .setLastSeen(Instant.ofEpochMilli(event.lastSeen()))
                .setDurationMillis(event.durationMillis())
                .setPath(new ObjectPath((float) path.firstX(), (float) path.firstY(), (float) path.lastX(),
                        (float) path.lastY(), (float) path.travelled(), path.observations()))
                .build();
    }

    private static ObjectEventKind kind(TrackEvent.Type type) {
        return switch (type) {
            case NEW -> ObjectEventKind.NEW;
            case UPDATE -> ObjectEventKind.UPDATE;
            case END -> ObjectEventKind.END;
        };
    }

    /** In symbol order: the event's set has no order of its own, and replays must write identical bytes. */
    private static List<UpdateReason> reasons(TrackEvent event) {
        return event.reasons().stream().map(ObjectEvents::reason).sorted().toList();
    }

    private static UpdateReason reason(io.ssdstream.tracking.lifecycle.UpdateReason reason) {
        return switch (reason) {
            case SCORE_RAISED -> UpdateReason.SCORE_RAISED;
            case MOVED -> UpdateReason.MOVED;
            case BECAME_STATIONARY -> UpdateReason.BECAME_STATIONARY;
            case MOVING_AGAIN -> UpdateReason.MOVING_AGAIN;
        };
    }
}
