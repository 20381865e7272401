package io.ssdstream.job.track;

import io.ssdstream.job.analytics.TrackerUpdate;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.Detection;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.tracking.Box;
import io.ssdstream.tracking.CameraTracker;
import io.ssdstream.tracking.FrameTracks;
import io.ssdstream.tracking.Observation;
import io.ssdstream.tracking.TrackerConfig;
import io.ssdstream.tracking.TrackerState;
import io.ssdstream.tracking.lifecycle.TrackEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Tracks each camera's objects across its frames: keyed by camera id, it writes the track id of each detection into
 * the {@link DetectionEvent} and sends the objects' NEW / UPDATE / END events to {@link #OBJECTS}.
 *
 * <p><b>State:</b> a camera's whole tracker is one {@link TrackerState} in keyed state (written with
 * {@link TrackerStateSerializer}); a {@link CameraTracker} is rebuilt from it for each frame. No field holds a track,
 * so checkpoints, failover and a restore at another parallelism continue every track with the same id.
 *
 * <p><b>Cameras whose frames stop:</b> after each frame an event-time timer is set at {@code lastFrame + maxLostAge
 * + 1 ms}, the capture time at which every confirmed track of the camera has aged out; when the watermark passes
 * it without a newer frame, those tracks END at that capture time. A frame at or after that time ends them the same
 * way first, so the output does not depend on whether the watermark or the frame came first (a replay after a
 * failure writes the same events). Only a frame later than the watermark (beyond the job's max out-of-orderness)
 * may find its camera's tracks already ended.
 *
 * <p><b>Shed frames:</b> the detector passes on, in the camera's order, each frame the job shed unseen as a
 * {@link ShedFrame}; the span it ends passed unwatched ({@link CameraTracker#shed}), so tracks survive the job's own
 * overload and keep their ids. It also moves the camera's timer: the camera is still sending.
 *
 * <p>A frame whose capture time is not after its camera's previous one (a camera clock set back, a duplicate) is
 * passed on without track ids and counted in {@code framesNotTracked}: the tracker needs capture order.
 *
 * <p>For the analytics (when built with {@code feedAnalytics}), each tracked frame and each expiry also goes to
 * {@link #TRACKED} as a {@link TrackerUpdate}: the frame's confirmed tracks and the tracks that ended.
 *
 * <p>Metrics: {@code activeTracks} (confirmed tracks of the cameras in this subtask's state), {@code tracksCreated},
 * {@code tracksEnded}, {@code framesNotTracked}. The job runs the function in {@link Operator} ({@link #operator}),
 * which counts the restored cameras' tracks when it opens, so the gauge is right before their next frames.
 */
public final class ObjectTracker
        extends KeyedProcessFunction<String, Either<DetectionEvent, ShedFrame>, DetectionEvent> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<ObjectEvent> OBJECTS = new OutputTag<>("objects",
            TypeInformation.of(ObjectEvent.class));

    public static final OutputTag<TrackerUpdate> TRACKED = new OutputTag<>("tracked",
            TypeInformation.of(TrackerUpdate.class));

    private final TrackerConfig config;
    private final boolean feedAnalytics;

    private transient ValueState<TrackerState> state;
    private transient Counter created;
    private transient Counter ended;
    private transient Counter notTracked;
    /** Confirmed tracks per camera for the gauge, which the metric reporter reads: a count, never a track. */
    private transient Map<String, Long> confirmedPerCamera;

    private ObjectTracker(TrackerConfig config, boolean feedAnalytics) {
        this.config = config;
        this.feedAnalytics = feedAnalytics;
    }

    /**
     * The tracker stage.
     *
     * @param feedAnalytics whether to send {@link TrackerUpdate}s to {@link #TRACKED}
     */
    public static Operator operator(TrackerConfig config, boolean feedAnalytics) {
        return new Operator(new ObjectTracker(config, feedAnalytics));
    }

    private static ValueStateDescriptor<TrackerState> stateDescriptor() {
        return new ValueStateDescriptor<>("tracker", TrackerStateSerializer.INSTANCE);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(stateDescriptor());
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        created = metrics.counter("tracksCreated");
        ended = metrics.counter("tracksEnded");
        notTracked = metrics.counter("framesNotTracked");
        confirmedPerCamera = new ConcurrentHashMap<>();
        metrics.gauge("activeTracks", () -> confirmedPerCamera.values().stream().mapToLong(Long::longValue).sum());
    }

    @Override
    public void processElement(Either<DetectionEvent, ShedFrame> element, Context ctx, Collector<DetectionEvent> out)
            throws Exception {
        if (element.isRight()) {
            shed(element.right(), ctx);
            return;
        }
        DetectionEvent event = element.left();
        TrackerState before = current();
        long captureTime = event.getCaptureTime().toEpochMilli();
        if (!inCaptureOrder(before, captureTime)) {
            notTracked.inc();
            out.collect(event);
            return;
        }
        CameraTracker tracker = resume(before, event.getCameraId(), captureTime, ctx);
        List<Detection> detections = event.getDetections();
        List<Integer> tracked = new ArrayList<>(detections.size());
        List<Observation> input = new ArrayList<>(detections.size());
        for (int i = 0; i < detections.size(); i++) {
            Detection d = detections.get(i);
            BoundingBox b = d.getBox();
            // the detector may report a box flattened by clipping to the frame: nothing to track
            if (b.getXMax() > b.getXMin() && b.getYMax() > b.getYMin()) {
                tracked.add(i);
                input.add(new Observation(new Box(b.getXMin(), b.getYMin(), b.getXMax(), b.getYMax()), d.getLabel(),
                        d.getScore()));
            }
        }
        FrameTracks result = tracker.update(captureTime, input);
        for (int j = 0; j < tracked.size(); j++) {
            OptionalLong id = result.trackIds().get(j);
            detections.get(tracked.get(j)).setTrackId(id.isPresent() ? id.getAsLong() : null);
        }
        emit(ctx, event.getCameraId(), event.getFrameSequence(), result.events());
        if (feedAnalytics) {
            ctx.output(TRACKED, TrackerUpdate.frame(event, ended(result.events())));
        }
        out.collect(event);
        storeWithTimer(event.getCameraId(), tracker.state(), ctx);
    }

    /** A frame shed unseen: out of capture order it tells nothing, and is left out. */
    private void shed(ShedFrame frame, Context ctx) throws Exception {
        TrackerState before = current();
        if (!inCaptureOrder(before, frame.captureTimeMillis())) {
            return;
        }
        CameraTracker tracker = resume(before, frame.cameraId(), frame.captureTimeMillis(), ctx);
        tracker.shed(frame.captureTimeMillis());
        storeWithTimer(frame.cameraId(), tracker.state(), ctx);
    }

    private static boolean inCaptureOrder(TrackerState before, long captureTime) {
        return before.lastCaptureTime() == Long.MIN_VALUE || captureTime > before.lastCaptureTime();
    }

    /**
     * The camera's tracker for its next frame (watched or shed) at {@code captureTime}, its timer cancelled; when the
     * frame comes at or after the timer's deadline, the tracks end first as the timer would have ended them.
     */
    private CameraTracker resume(TrackerState before, String cameraId, long captureTime, Context ctx) {
        CameraTracker tracker = new CameraTracker(config, before);
        if (before.lastCaptureTime() != Long.MIN_VALUE) {
            long deadline = deadline(before);
            ctx.timerService().deleteEventTimeTimer(deadline);
            if (captureTime >= deadline) {
                // what the timer would have done had the watermark passed the deadline before this frame came
                List<TrackEvent> expired = tracker.expire(deadline);
                emit(ctx, cameraId, null, expired);
                if (feedAnalytics) {
                    ctx.output(TRACKED, TrackerUpdate.ended(cameraId, deadline, ended(expired)));
                }
            }
        }
        return tracker;
    }

    /** Keeps the camera's tracker and sets its timer, while it has confirmed tracks to end. */
    private void storeWithTimer(String cameraId, TrackerState after, Context ctx) throws IOException {
        store(cameraId, after);
        if (after.confirmedTracks() > 0) {
            ctx.timerService().registerEventTimeTimer(deadline(after));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DetectionEvent> out) throws Exception {
        TrackerState before = state.value();
        if (before == null || timestamp != deadline(before)) {
            return;
        }
        CameraTracker tracker = new CameraTracker(config, before);
        List<TrackEvent> expired = tracker.expire(timestamp);
        emit(ctx, ctx.getCurrentKey(), null, expired);
        if (feedAnalytics) {
            ctx.output(TRACKED, TrackerUpdate.ended(ctx.getCurrentKey(), timestamp, ended(expired)));
        }
        store(ctx.getCurrentKey(), tracker.state());
    }

    /** The capture time at which every confirmed track of the camera has gone unseen for longer than the max age. */
    private long deadline(TrackerState trackerState) {
        return trackerState.lastCaptureTime() + config.maxLostAge().toMillis() + 1;
    }

    private TrackerState current() throws IOException {
        TrackerState stored = state.value();
        return stored == null ? TrackerState.EMPTY : stored;
    }

    private void store(String cameraId, TrackerState next) throws IOException {
        state.update(next);
        count(cameraId, next);
    }

    private void count(String cameraId, TrackerState trackerState) {
        confirmedPerCamera.put(cameraId, trackerState.confirmedTracks());
    }

    private static List<Long> ended(List<TrackEvent> events) {
        return events.stream().filter(e -> e.type() == TrackEvent.Type.END).map(TrackEvent::trackId).toList();
    }

    private void emit(Context ctx, String cameraId, Long frameSequence, List<TrackEvent> events) {
        for (TrackEvent e : events) {
            switch (e.type()) {
                case NEW -> created.inc();
                case END -> ended.inc();
                case UPDATE -> { }
            }
            ctx.output(OBJECTS, ObjectEvents.of(cameraId, frameSequence, e));
        }
    }

    /**
     * Runs an {@link ObjectTracker} and, when it opens, counts the confirmed tracks of every camera in its keyed state
     * for {@code activeTracks}. After a restore the state holds cameras whose next frame has not come yet; the keyed
     * state backend holds exactly the key groups of this subtask, so the count is right at any parallelism.
     */
    public static final class Operator
            extends KeyedProcessOperator<String, Either<DetectionEvent, ShedFrame>, DetectionEvent> {

        private static final long serialVersionUID = 1L;

        private Operator(ObjectTracker tracker) {
            super(tracker);
        }

        @Override
        public void open() throws Exception {
            // opens the function first: its state handle and gauge
            super.open();
            ObjectTracker tracker = (ObjectTracker) getUserFunction();
            this.<String>getKeyedStateBackend().applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE,
                    stateDescriptor(), (camera, cameraState) -> tracker.count(camera, cameraState.value()));
        }
    }
}
