package io.ssdstream.job.analytics;

import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.zones.analytics.AnalyticsState;
import io.ssdstream.zones.analytics.CameraAnalytics;
import io.ssdstream.zones.analytics.CameraGeometry;
import io.ssdstream.zones.analytics.FrameAnalytics;
import io.ssdstream.zones.analytics.LineCrossing;
import io.ssdstream.zones.analytics.TrackedFrame;
import io.ssdstream.zones.analytics.ZoneEvent;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.counting.CountingSettings;
import io.ssdstream.zones.counting.WindowCounter;
import io.ssdstream.zones.counting.WindowCounts;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Zones, lines and counts per camera: keyed by camera id, fed by the tracker's {@link TrackerUpdate}s, configured by
 * the {@link CameraSetting}s broadcast from the camera-configs topic. Zone events and line crossings go to
 * {@link #ZONE_EVENTS} and {@link #LINE_CROSSINGS}, the counts of each closed window to the main output.
 *
 * <p><b>Configuration:</b> {@link #CONFIGS} (broadcast state, in the contract's Avro form) holds each camera's
 * current configuration; a change applies from the camera's next update. A camera without a configuration costs one
 * broadcast-state lookup per frame and has no analytics state. When a camera's configuration is deleted, its next
 * update or timer retires it: objects in its zones get EXIT at that time, the open window's counts are emitted as
 * they stand, and its state is cleared once a frame of a later window shows that window can get no more frames (a
 * configuration added again before then reopens the window with the next revision).
 *
 * <p><b>State:</b> a camera's analytics and counter are one {@link CameraAnalyticsState} in keyed state; both are
 * rebuilt from it per update, so checkpoints and restores continue exactly. The {@link CameraGeometry} built from a
 * configuration is cached per subtask (derived from broadcast state, rebuilt after a restore), never state.
 *
 * <p><b>Windows and lateness:</b> each frame is counted in the tumbling capture-time window it falls in. A camera's
 * next window's first frame closes its window; a quiet camera's window is closed by an event-time timer at its last
 * millisecond plus the allowed lateness. A frame for a window the watermark had already closed reopens it and the
 * window is emitted again, complete, with the next revision (never dropped; see the zones module's WindowCounter).
 *
 * <p>Metrics: {@code zoneEvents}, {@code lineCrossings}, {@code countsEmitted}, {@code cameraConfigsApplied},
 * {@code cameraConfigsRemoved} (per subtask: every subtask applies every configuration).
 */
public final class ZoneAnalytics
        extends KeyedBroadcastProcessFunction<String, TrackerUpdate, CameraSetting, CameraClassCounts> {

    private static final long serialVersionUID = 1L;

    public static final MapStateDescriptor<String, io.ssdstream.schemas.CameraConfig> CONFIGS =
            new MapStateDescriptor<>("camera-configs", Types.STRING,
                    TypeInformation.of(io.ssdstream.schemas.CameraConfig.class));

    public static final OutputTag<io.ssdstream.schemas.ZoneEvent> ZONE_EVENTS = new OutputTag<>("zone-events",
            TypeInformation.of(io.ssdstream.schemas.ZoneEvent.class));

    public static final OutputTag<io.ssdstream.schemas.LineCrossing> LINE_CROSSINGS = new OutputTag<>(
            "line-crossings", TypeInformation.of(io.ssdstream.schemas.LineCrossing.class));

    private final CountingSettings counting;
    private final float minScore;

    private transient ValueState<CameraAnalyticsState> state;
    /** Geometry per camera with the broadcast record it was built from; derived data, rebuilt when that changes. */
    private transient Map<String, Built> geometries;
    private transient Counter zoneEvents;
    private transient Counter lineCrossings;
    private transient Counter countsEmitted;
    private transient Counter configsApplied;
    private transient Counter configsRemoved;

    private record Built(io.ssdstream.schemas.CameraConfig from, CameraGeometry geometry) {}

    /** @param minScore the least score of the tracked detections counted, recorded in the counts */
    public ZoneAnalytics(CountingSettings counting, float minScore) {
        this.counting = counting;
        this.minScore = minScore;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("camera-analytics", CameraAnalyticsStateSerializer.INSTANCE));
        geometries = new HashMap<>();
        zoneEvents = getRuntimeContext().getMetricGroup().counter("zoneEvents");
        lineCrossings = getRuntimeContext().getMetricGroup().counter("lineCrossings");
        countsEmitted = getRuntimeContext().getMetricGroup().counter("countsEmitted");
        configsApplied = getRuntimeContext().getMetricGroup().counter("cameraConfigsApplied");
        configsRemoved = getRuntimeContext().getMetricGroup().counter("cameraConfigsRemoved");
    }

    @Override
    public void processBroadcastElement(CameraSetting setting, Context ctx, Collector<CameraClassCounts> out)
            throws Exception {
        if (setting.config == null) {
            ctx.getBroadcastState(CONFIGS).remove(setting.cameraId);
            configsRemoved.inc();
        } else {
            ctx.getBroadcastState(CONFIGS).put(setting.cameraId, setting.config);
            configsApplied.inc();
        }
    }

    @Override
    public void processElement(TrackerUpdate update, ReadOnlyContext ctx, Collector<CameraClassCounts> out)
            throws Exception {
        io.ssdstream.schemas.CameraConfig config = ctx.getBroadcastState(CONFIGS).get(update.cameraId);
        CameraAnalyticsState before = state.value();
        if (config == null) {
            if (before != null) {
                retire(update.cameraId, update.time, update.frame, before, ctx, out);
            }
            return;
        }
        if (before == null) {
            before = CameraAnalyticsState.EMPTY;
        }
        long last = before.analytics().lastCaptureTime();
        if (update.frame && last != Long.MIN_VALUE && update.time <= last) {
            // the tracker passes such frames on untracked and sends no update; kept for a restored older state
            return;
        }
        CameraGeometry geometry = geometry(update.cameraId, config);
        CameraAnalytics analytics = new CameraAnalytics(geometry, before.analytics());
        WindowCounter counter = new WindowCounter(counting, before.counter());
        CameraAnalyticsState known = learn(before, update);
        emitCounts(update.cameraId, counter.advanceWatermark(ctx.timerService().currentWatermark()), known,
                geometry, out);
        if (update.frame) {
            TrackedFrame frame = update.trackedFrame();
            FrameAnalytics result = analytics.update(frame);
            emit(update.cameraId, result.zoneEvents(), result.crossings(), ctx);
            emitCounts(update.cameraId, counter.add(frame, result), known, geometry, out);
            long windowStart = counting.windowStart(update.time);
            ctx.timerService().registerEventTimeTimer(windowStart + counting.window().toMillis() - 1
                    + counting.allowedLateness().toMillis());
        } else {
            emit(update.cameraId, analytics.endTracks(update.time, update.endedTrackIdList()), List.of(), ctx);
        }
        state.update(new CameraAnalyticsState(analytics.state(), counter.state(), known.modelName(),
                known.modelVersion(), known.classIds()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CameraClassCounts> out) throws Exception {
        CameraAnalyticsState before = state.value();
        if (before == null) {
            return;
        }
        String cameraId = ctx.getCurrentKey();
        io.ssdstream.schemas.CameraConfig config = ctx.getBroadcastState(CONFIGS).get(cameraId);
        if (config == null) {
            retire(cameraId, timestamp, false, before, ctx, out);
            return;
        }
        WindowCounter counter = new WindowCounter(counting, before.counter());
        emitCounts(cameraId, counter.advanceWatermark(ctx.timerService().currentWatermark()), before,
                geometry(cameraId, config), out);
        state.update(new CameraAnalyticsState(before.analytics(), counter.state(), before.modelName(),
                before.modelVersion(), before.classIds()));
    }

    /**
     * The camera's configuration was deleted. At its first update or timer since: objects leave its zones and its
     * open window is emitted as it stands. Its counter stays (with an empty analytics state, which marks the camera
     * retired) until a frame of a later window arrives: a configuration added again within the same window then
     * reopens that window with the next revision, instead of starting its revisions again at 0.
     */
    private void retire(String cameraId, long time, boolean frame, CameraAnalyticsState before, ReadOnlyContext ctx,
                        Collector<CameraClassCounts> out) throws IOException {
        geometries.remove(cameraId);
        CameraAnalyticsState retired = before;
        AnalyticsState analyticsState = before.analytics();
        if (analyticsState.config() != null) {
            CameraConfig none = new CameraConfig(analyticsState.config().frameWidth(),
                    analyticsState.config().frameHeight(), List.of(), List.of());
            CameraGeometry empty = new CameraGeometry(none);
            CameraAnalytics analytics = new CameraAnalytics(empty, analyticsState);
            emit(cameraId, analytics.endTracks(time, List.of()), List.of(), ctx);
            WindowCounter counter = new WindowCounter(counting, before.counter());
            emitCounts(cameraId, counter.closeWindow(), before, empty, out);
            retired = new CameraAnalyticsState(AnalyticsState.EMPTY, counter.state(), before.modelName(),
                    before.modelVersion(), before.classIds());
        }
        if (frame && retired.counter().windowEndsBy(time)) {
            state.clear();
        } else if (retired != before) {
            state.update(retired);
        }
    }

    private CameraGeometry geometry(String cameraId, io.ssdstream.schemas.CameraConfig config) {
        Built built = geometries.get(cameraId);
        if (built == null || built.from() != config) {
            // validated before the broadcast, so this cannot refuse it
            built = new Built(config, new CameraGeometry(CameraConfigs.toZones(config)));
            geometries.put(cameraId, built);
        }
        return built.geometry();
    }

    /** The state with the model and class ids of this update's frame, for the counts record. */
    private static CameraAnalyticsState learn(CameraAnalyticsState before, TrackerUpdate update) {
        if (!update.frame) {
            return before;
        }
        Map<String, Integer> classIds = before.classIds();
        for (int i = 0; i < update.labels.length; i++) {
            Integer known = classIds.get(update.labels[i]);
            if (known == null || known != update.classIds[i]) {
                Map<String, Integer> more = new HashMap<>(classIds);
                more.put(update.labels[i], update.classIds[i]);
                classIds = more;
            }
        }
        return new CameraAnalyticsState(before.analytics(), before.counter(), update.modelName, update.modelVersion,
                classIds);
    }

    private void emit(String cameraId, List<ZoneEvent> events, List<LineCrossing> crossings, ReadOnlyContext ctx) {
        for (ZoneEvent event : events) {
            ctx.output(ZONE_EVENTS, AnalyticsRecords.zoneEvent(cameraId, event));
            zoneEvents.inc();
        }
        for (LineCrossing crossing : crossings) {
            ctx.output(LINE_CROSSINGS, AnalyticsRecords.lineCrossing(cameraId, crossing));
            lineCrossings.inc();
        }
    }

    private void emitCounts(String cameraId, List<WindowCounts> windows, CameraAnalyticsState known,
                            CameraGeometry geometry, Collector<CameraClassCounts> out) {
        for (WindowCounts window : windows) {
            List<String> zoneOrder = geometry.config().zones().stream().map(Zone::name).toList();
            out.collect(AnalyticsRecords.counts(cameraId, window, known, zoneOrder, minScore));
            countsEmitted.inc();
        }
    }
}
