package io.ssdstream.job.detect;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.ssd.postprocess.DetectedObject;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * without a shuffle, so each camera's events keep the order of its partition. A frame shed before decoding waits in
 * the batch like the others (without taking a place in it) and leaves as a {@code ShedFrame}
 * in its turn. A watermark that arrives while a
 * batch is open waits for the batch: passed on at once, it would overtake the batch's frames and make them late for
 * the event-time stages downstream (the tracker's timers).
 *
 * <p>The model runs in the task thread, so the slot reads and decodes nothing while it does; {@link
 * DeviceBatchedDetector} is the alternative that hands batches to one inference thread per device. Metrics: those of
 * {@link DetectionOutput}.
 */
public final class MicroBatchDetector extends DetectOperator {

    private static final long serialVersionUID = 1L;

    /** The frames taken in since the last flush, in arrival order, frames shed before decoding included. */
    private transient List<DecodedFrame> batch;
    private transient List<Long> arrivals;
    /** The frames of the batch that have pixels: those the batch size counts. */
    private transient int toDetect;
    /** The latest watermark that arrived while a batch was open, passed on after the batch; null when none. */
    private transient Watermark heldWatermark;
    /** Identifies the open batch, so a timer registered for an earlier batch does nothing. */
    private transient long batchNumber;

    public MicroBatchDetector(DetectorSettings settings, int batchSize, Duration batchTimeout, Duration maxFrameAge,
                              boolean staleToDeadLetter, DeadLetters deadLetters) {
        super(settings, batchSize, batchTimeout, maxFrameAge, staleToDeadLetter, deadLetters);
    }

    @Override
    public void open() throws Exception {
        super.open();
        batch = new ArrayList<>(batchSize);
        arrivals = new ArrayList<>(batchSize);
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        DecodedFrame frame = element.getValue();
        if (frame.shedBeforeDecoding() && batch.isEmpty()) {
            detections.passOnShed(frame);
            return;
        }
        long now = getProcessingTimeService().getCurrentProcessingTime();
        batch.add(frame);
        arrivals.add(now);
        if (frame.shedBeforeDecoding()) {
            return;
        }
        toDetect++;
        if (toDetect >= batchSize) {
            flush();
        } else if (toDetect == 1) {
            long scheduledBatch = batchNumber;
            getProcessingTimeService().registerTimer(now + batchTimeout.toMillis(), time -> {
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
    void completeAll() throws Exception {
        flush();
    }

    private void flush() throws Exception {
        if (batch.isEmpty()) {
            return;
        }
        batchNumber++;
        long start = getProcessingTimeService().getCurrentProcessingTime();
        List<DecodedFrame> live = new ArrayList<>(toDetect);
        for (DecodedFrame frame : batch) {
            if (!frame.shedBeforeDecoding() && !stale(frame, start)) {
                live.add(frame);
            }
        }
        List<List<DetectedObject>> results = List.of();
        long inferenceMicros = 0;
        if (!live.isEmpty()) {
            List<RgbFrame> images = new ArrayList<>(live.size());
            for (DecodedFrame frame : live) {
                images.add(frame.image());
            }
            long begin = System.nanoTime();
            results = lease.detector().detectRgb(images);
            inferenceMicros = (System.nanoTime() - begin) / 1_000;
            detections.batchRan(live.size(), inferenceMicros);
        }
        // in arrival order, so that each camera's detections and shed frames reach the tracker in capture order
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
            DecodedFrame frame = batch.get(i);
            if (frame.shedBeforeDecoding()) {
                detections.passOnShed(frame);
            } else if (stale(frame, start)) {
                detections.stale(frame, start - frame.captureTimeMillis);
            } else {
                long queuedMicros = (start - arrivals.get(i)) * 1_000;
                detections.detected(frame, results.get(next++), queuedMicros, live.size(), inferenceMicros);
            }
        }
        batch.clear();
        arrivals.clear();
        toDetect = 0;
        if (heldWatermark != null) {
            Watermark mark = heldWatermark;
            heldWatermark = null;
            super.processWatermark(mark);
        }
    }

    private boolean stale(DecodedFrame frame, long batchStart) {
        return maxFrameAgeMillis > 0 && batchStart - frame.captureTimeMillis > maxFrameAgeMillis;
    }
}
