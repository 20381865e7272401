package io.ssdstream.job.detect;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.InferenceTimings;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Groups frames into micro-batches and runs the detector on each batch: a batch runs when it holds
 * {@code batchSize} frames or when {@code batchTimeout} has passed since its first frame, whichever comes first
 * (DeepStream's batch-size / batched-push-timeout). Before each batch, frames older than {@code maxFrameAge} are
 * shed — counted, and dead-lettered as STALE when configured — so an overloaded model keeps serving live frames.
 *
 * <p><b>Checkpoints:</b> the batch is flushed in {@link #prepareSnapshotPreBarrier}, so its events are emitted
 * before the barrier and no frame ever waits in memory a snapshot does not cover. The operator therefore keeps no
 * state of its own; after a failure the source replays from the last checkpoint.
 *
 * <p><b>Order:</b> frames leave in the order they arrived, and the job chains this operator to its source
 * without a shuffle, so each camera's events keep the order of its partition. A watermark that arrives while a
 * batch is open waits for the batch: passed on at once, it would overtake the batch's frames and make them late for
 * the event-time stages downstream (the tracker's timers).
 *
 * <p>Metrics: {@code framesShed}, {@code batchSize}, {@code inferenceMillis}, {@code endToEndLatencyMillis}
 * (processing minus capture time), {@code queuedMillis}, and the {@code device} in use.
 */
public final class MicroBatchDetector extends AbstractStreamOperator<DetectionEvent>
        implements OneInputStreamOperator<DecodedFrame, DetectionEvent>, BoundedOneInput {

    private static final long serialVersionUID = 1L;
    private static final int HISTOGRAM_WINDOW = 1024;

    private final DetectorSettings settings;
    private final int batchSize;
    private final long batchTimeoutMillis;
    private final long maxFrameAgeMillis;
    private final boolean staleToDeadLetter;
    private final DeadLetters deadLetters;

    private transient SharedDetectors.Lease lease;
    private transient ModelMetadata model;
    private transient List<DecodedFrame> batch;
    private transient List<Long> arrivals;
    /** The latest watermark that arrived while a batch was open, passed on after the batch; null when none. */
    private transient Watermark heldWatermark;
    /** Identifies the open batch, so a timer registered for an earlier batch does nothing. */
    private transient long batchNumber;
    private transient Counter shed;
    private transient Histogram batchSizes;
    private transient Histogram inferenceMillis;
    private transient Histogram endToEndMillis;
    private transient Histogram queuedMillis;

    public MicroBatchDetector(DetectorSettings settings, int batchSize, Duration batchTimeout, Duration maxFrameAge,
                              boolean staleToDeadLetter, DeadLetters deadLetters) {
        this.settings = settings;
        this.batchSize = batchSize;
        this.batchTimeoutMillis = batchTimeout.toMillis();
        this.maxFrameAgeMillis = maxFrameAge.toMillis();
        this.staleToDeadLetter = staleToDeadLetter;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open() throws Exception {
        super.open();
        getRuntimeContext().registerUserCodeClassLoaderReleaseHookIfAbsent(
                "ssd-stream-shared-detectors", SharedDetectors::closeAll);
        lease = SharedDetectors.acquire(settings);
        model = lease.detector().metadata();
        batch = new ArrayList<>(batchSize);
        arrivals = new ArrayList<>(batchSize);
        MetricGroup metrics = getMetricGroup();
        shed = metrics.counter("framesShed");
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        inferenceMillis = metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        endToEndMillis = metrics.histogram("endToEndLatencyMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        queuedMillis = metrics.histogram("queuedMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        String device = lease.detector().device().toString();
        metrics.gauge("device", () -> device);
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        long now = getProcessingTimeService().getCurrentProcessingTime();
        batch.add(element.getValue());
        arrivals.add(now);
        if (batch.size() >= batchSize) {
            flush();
        } else if (batch.size() == 1) {
            long scheduledBatch = batchNumber;
            getProcessingTimeService().registerTimer(now + batchTimeoutMillis, time -> {
                if (batchNumber == scheduledBatch) {
                    flush();
                }
            });
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (batch.isEmpty()) {
            super.processWatermark(mark);
        } else {
            heldWatermark = mark;
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        flush();
    }

    @Override
    public void endInput() throws Exception {
        flush();
    }

    @Override
    public void close() throws Exception {
        try {
            if (lease != null) {
                lease.close();
            }
        } finally {
            super.close();
        }
    }

    private void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        batchNumber++;
        long start = getProcessingTimeService().getCurrentProcessingTime();
        List<DecodedFrame> live = new ArrayList<>(batch.size());
        List<Long> liveArrivals = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            DecodedFrame frame = batch.get(i);
            if (maxFrameAgeMillis > 0 && start - frame.captureTimeMillis > maxFrameAgeMillis) {
                shedStale(frame, start);
            } else {
                live.add(frame);
                liveArrivals.add(arrivals.get(i));
            }
        }
        batch.clear();
        arrivals.clear();
        if (!live.isEmpty()) {
            detect(live, liveArrivals, start);
        }
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    private void detect(List<DecodedFrame> frames, List<Long> frameArrivals, long start) {
        List<RgbFrame> images = new ArrayList<>(frames.size());
        for (DecodedFrame frame : frames) {
            images.add(frame.image());
        }
        long begin = System.nanoTime();
        List<List<DetectedObject>> results = lease.detector().detectRgb(images);
        long inferenceMicros = (System.nanoTime() - begin) / 1_000;
        batchSizes.update(frames.size());
        inferenceMillis.update(inferenceMicros / 1_000);
        long emitted = System.currentTimeMillis();
        for (int i = 0; i < frames.size(); i++) {
            DecodedFrame frame = frames.get(i);
            long queuedMicros = (start - frameArrivals.get(i)) * 1_000;
            queuedMillis.update(queuedMicros / 1_000);
            endToEndMillis.update(emitted - frame.captureTimeMillis);
            output.collect(new StreamRecord<>(
                    event(frame, results.get(i), emitted, queuedMicros, frames.size(), inferenceMicros),
                    frame.captureTimeMillis));
        }
    }

    private void shedStale(DecodedFrame frame, long now) {
        shed.inc();
        if (staleToDeadLetter) {
            output.collect(DeadLetters.TAG, new StreamRecord<>(deadLetters.of(frame.cameraId, frame.frameSequence,
                    frame.position, RejectReason.STALE, "camera " + frame.cameraId + " frame " + frame.frameSequence
                            + " was " + (now - frame.captureTimeMillis) + " ms old when its batch started (limit "
                            + maxFrameAgeMillis + " ms)", frame.original), frame.captureTimeMillis));
        }
    }

    private DetectionEvent event(DecodedFrame frame, List<DetectedObject> detections, long emitted, long queuedMicros,
                                 int size, long inferenceMicros) {
        List<io.ssdstream.schemas.Detection> objects = new ArrayList<>(detections.size());
        for (DetectedObject d : detections) {
            objects.add(io.ssdstream.schemas.Detection.newBuilder()
                    .setClassId(d.classId())
                    .setLabel(d.label())
                    .setScore(d.score())
                    .setBox(new BoundingBox(d.xMin(), d.yMin(), d.xMax(), d.yMax()))
                    .build());
        }
        return DetectionEvent.newBuilder()
                .setCameraId(frame.cameraId)
                .setFrameSequence(frame.frameSequence)
                .setCaptureTime(Instant.ofEpochMilli(frame.captureTimeMillis))
                .setProcessingTime(Instant.ofEpochMilli(emitted))
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setFrameWidth(frame.width)
                .setFrameHeight(frame.height)
                .setDetections(objects)
                .setTimings(new InferenceTimings(queuedMicros, size, inferenceMicros))
                .build();
    }
}
