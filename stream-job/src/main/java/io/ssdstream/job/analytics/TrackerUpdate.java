package io.ssdstream.job.analytics;

import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.tracking.Box;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.TrackedObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What the tracker tells the analytics about one camera at one capture time: a frame's confirmed tracks and the
 * tracks that ended with it, or tracks that ended between frames (the camera's frames stopped).
 *
 * <p>A flat POJO of primitive arrays, so Flink's POJO serializer writes it compactly between the tracker and the
 * analytics (they are not chained: the analytics has a second, broadcast input).
 */
public final class TrackerUpdate {

    public String cameraId;
    /** The frame's capture time, or for tracks ended between frames the time they ended at (epoch ms). */
    public long time;
    /** True for a frame; false for tracks ended between frames, which does not advance the camera's time. */
    public boolean frame;
    public String modelName;
    public String modelVersion;
    /** Per confirmed track seen in the frame: its id, class, and box as x1, y1, x2, y2 at 4 * i. */
    public long[] trackIds;
    public int[] classIds;
    public String[] labels;
    public float[] boxes;
    public long[] endedTrackIds;

    public TrackerUpdate() {}

    /** A tracked frame: the detections that carry a track id, and the tracks that ended with it. */
    public static TrackerUpdate frame(DetectionEvent event, List<Long> ended) {
        List<Detection> tracked = new ArrayList<>();
        for (Detection d : event.getDetections()) {
            if (d.getTrackId() != null) {
                tracked.add(d);
            }
        }
        TrackerUpdate update = new TrackerUpdate();
        update.cameraId = event.getCameraId();
        update.time = event.getCaptureTime().toEpochMilli();
        update.frame = true;
        update.modelName = event.getModelName();
        update.modelVersion = event.getModelVersion();
        update.trackIds = new long[tracked.size()];
        update.classIds = new int[tracked.size()];
        update.labels = new String[tracked.size()];
        update.boxes = new float[4 * tracked.size()];
        for (int i = 0; i < tracked.size(); i++) {
            Detection d = tracked.get(i);
            BoundingBox b = d.getBox();
            update.trackIds[i] = d.getTrackId();
            update.classIds[i] = d.getClassId();
            update.labels[i] = d.getLabel();
            update.boxes[4 * i] = b.getXMin();
            update.boxes[4 * i + 1] = b.getYMin();
            update.boxes[4 * i + 2] = b.getXMax();
            update.boxes[4 * i + 3] = b.getYMax();
        }
        update.endedTrackIds = ended.stream().mapToLong(Long::longValue).toArray();
        return update;
    }

    /** Tracks the tracker ended at {@code time} without a frame. */
    public static TrackerUpdate ended(String cameraId, long time, List<Long> ended) {
        TrackerUpdate update = new TrackerUpdate();
        update.cameraId = cameraId;
        update.time = time;
        update.frame = false;
        update.modelName = "";
        update.modelVersion = "";
        update.trackIds = new long[0];
        update.classIds = new int[0];
        update.labels = new String[0];
        update.boxes = new float[0];
        update.endedTrackIds = ended.stream().mapToLong(Long::longValue).toArray();
        return update;
    }

    TrackedFrame trackedFrame() {
        List<TrackedObject> objects = new ArrayList<>(trackIds.length);
        for (int i = 0; i < trackIds.length; i++) {
            objects.add(new TrackedObject(trackIds[i], labels[i],
                    new Box(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3])));
        }
        return new TrackedFrame(time, objects, endedTrackIdList());
    }

    List<Long> endedTrackIdList() {
        List<Long> ids = new ArrayList<>(endedTrackIds.length);
        for (long id : endedTrackIds) {
            ids.add(id);
        }
        return ids;
    }
}
