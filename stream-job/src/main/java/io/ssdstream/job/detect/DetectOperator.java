package io.ssdstream.job.detect;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.schemas.DetectionEvent;
import java.time.Duration;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.types.Either;

/**
 * What the two ways of batching share: a lease on the TaskManager's model, the events and dead letters they emit,
 * and the rule that keeps them stateless: every frame taken in is detected (or shed) and emitted before a checkpoint
 * barrier passes and before the input ends. Frames leave in the order they came, each as its detection event or,
 * shed here or before decoding, as a {@link ShedFrame}.
 */
abstract class DetectOperator extends AbstractStreamOperator<Either<DetectionEvent, ShedFrame>>
        implements OneInputStreamOperator<DecodedFrame, Either<DetectionEvent, ShedFrame>>, BoundedOneInput {

    private static final long serialVersionUID = 1L;

    private final DetectorSettings settings;
    final int batchSize;
    final Duration batchTimeout;
    final long maxFrameAgeMillis;
    private final boolean staleToDeadLetter;
    private final DeadLetters deadLetters;

    transient SharedDetectors.Lease lease;
    transient DetectionOutput detections;

    DetectOperator(DetectorSettings settings, int batchSize, Duration batchTimeout, Duration maxFrameAge,
                   boolean staleToDeadLetter, DeadLetters deadLetters) {
        this.settings = settings;
        this.batchSize = batchSize;
        this.batchTimeout = batchTimeout;
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
        detections = new DetectionOutput(output, getMetricGroup(), lease, maxFrameAgeMillis, staleToDeadLetter,
                deadLetters);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        completeAll();
    }

    @Override
    public void endInput() throws Exception {
        completeAll();
    }

    @Override
    public void close() throws Exception {
        try {
            abandonInFlight();
            if (lease != null) {
                lease.close();
            }
        } finally {
            super.close();
        }
    }

    /** Detects (or sheds) and emits every frame taken in so far, and the watermarks that waited for them. */
    abstract void completeAll() throws Exception;

    /**
     * The task ends without a checkpoint to wait for: frames handed to another thread are withdrawn. Frames held in
     * the operator itself are simply dropped with it; the source replays them after a restart.
     */
    void abandonInFlight() {}
}
