package io.ssdstream.job.detect;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.schemas.BoundingBox;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.InferenceTimings;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.ssd.io.ModelMetadata;
import io.ssdstream.ssd.postprocess.DetectedObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * What a detect operator emits, whichever way it batches: a frame's detection event, or a {@link ShedFrame} for the
 * tracker (and a dead letter when configured) when it was shed as stale, here or before decoding; and the metrics
 * ({@code framesShed}, {@code batchSize}, {@code inferenceMillis}, {@code endToEndLatencyMillis} (processing minus capture time), {@code queuedMillis}, and the {@code device}).
 * Used on the task thread only.
 */
final class DetectionOutput {

    private static final int HISTOGRAM_WINDOW = 1024;

    private final Output<StreamRecord<Either<DetectionEvent, ShedFrame>>> output;
    private final ModelMetadata model;
    private final long maxFrameAgeMillis;
    private final boolean staleToDeadLetter;
    private final DeadLetters deadLetters;
    private final Counter shed;
    private final Histogram batchSizes;
    private final Histogram inferenceMillis;
    private final Histogram endToEndMillis;
    private final Histogram queuedMillis;

    DetectionOutput(Output<StreamRecord<Either<DetectionEvent, ShedFrame>>> output, MetricGroup metrics,
                    SharedDetectors.Lease lease, long maxFrameAgeMillis, boolean staleToDeadLetter, DeadLetters deadLetters) {
        this.output = output;
        this.model = lease.detector().metadata();
        this.maxFrameAgeMillis = maxFrameAgeMillis;
        this.staleToDeadLetter = staleToDeadLetter;
        this.deadLetters = deadLetters;
        shed = metrics.counter("framesShed");
        batchSizes = metrics.histogram("batchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        inferenceMillis = metrics.histogram("inferenceMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        endToEndMillis = metrics.histogram("endToEndLatencyMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        queuedMillis = metrics.histogram("queuedMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        String device = lease.detector().device().toString();
        metrics.gauge("device", () -> device);
    }

    /** Records one forward pass this operator's frames ran in. */
    void batchRan(int size, long inferenceMicros) {
        batchSizes.update(size);
        inferenceMillis.update(inferenceMicros / 1_000);
    }

    /** Emits a frame's detections, stamped with the current time as processing time. */
    void detected(DecodedFrame frame, List<DetectedObject> detections, long queuedMicros, int batchSize,
                  long inferenceMicros) {
        long emitted = System.currentTimeMillis();
        queuedMillis.update(queuedMicros / 1_000);
        endToEndMillis.update(emitted - frame.captureTimeMillis);
        output.collect(new StreamRecord<>(Either.Left(event(frame, detections, emitted, queuedMicros, batchSize,
                inferenceMicros)), frame.captureTimeMillis));
    }

    /** Counts a frame shed for its age, passes it on, and dead-letters it as STALE when configured. */
    void stale(DecodedFrame frame, long ageMillis) {
        shed.inc();
        passOnShed(frame);
        if (staleToDeadLetter) {
            output.collect(DeadLetters.TAG, new StreamRecord<>(deadLetters.of(frame.cameraId, frame.frameSequence,
                    frame.position, RejectReason.STALE, "camera " + frame.cameraId + " frame " + frame.frameSequence
                            + " was " + ageMillis + " ms old when its batch started (limit " + maxFrameAgeMillis
                            + " ms)", frame.original), frame.captureTimeMillis));
        }
    }

    /** Passes on a frame shed unseen, for the tracker: one the validator shed (and counted) or one shed here. */
    void passOnShed(DecodedFrame frame) {
        output.collect(new StreamRecord<>(Either.Right(new ShedFrame(frame.cameraId, frame.captureTimeMillis)),
                frame.captureTimeMillis));
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
