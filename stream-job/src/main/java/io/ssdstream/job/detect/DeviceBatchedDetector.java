package io.ssdstream.job.detect;

import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Detects frames on the TaskManager's {@link DeviceBatcher} for its model and device instead of in the task thread:
 * each frame is handed to the batcher, which forms batches across every slot using the device, and the task thread
 * goes back to reading and decoding while the model runs. Results come back to the task thread through its mailbox
 * and leave in the order the frames arrived; a slot keeps at most two batches of frames in flight, then waits
 * (backpressure).
 *
 * <p><b>Checkpoints:</b> {@link #prepareSnapshotPreBarrier} asks the batcher to run what is queued at once and waits
 * until every frame this slot handed over has been emitted, so the barrier follows their events and the operator
 * keeps no state; after a failure the source replays from the last checkpoint, as with {@link MicroBatchDetector}.
 *
 * <p><b>Order:</b> the batcher runs frames in submission order and this operator emits in arrival order, so each
 * camera's events keep the order of its partition. A watermark, or a frame shed before decoding, waits behind the
 * frames that arrived before it.
 * Frames older than {@code maxFrameAge} when their batch starts are shed (STALE). Metrics: those of
 * {@link DetectionOutput}.
 */
public final class DeviceBatchedDetector extends DetectOperator {

    private static final long serialVersionUID = 1L;
    /** Frames in flight per slot, in batches: one running, one being filled while it runs. */
    private static final int BATCHES_IN_FLIGHT = 2;

    private transient DeviceBatcher batcher;
    private transient MailboxExecutor mailbox;
    /**
     * Frames handed to the batcher and the watermarks and frames shed before decoding behind them, in arrival order,
     * until emitted.
     */
    private transient ArrayDeque<Object> pending;
    private transient int framesInFlight;
    /** The batcher's number of the last forward pass this slot's frames ran in, so each pass is counted once. */
    private transient long lastBatch;

    private record InFlight(DecodedFrame frame, CompletableFuture<DeviceBatcher.Outcome> outcome) {}

    public DeviceBatchedDetector(DetectorSettings settings, int batchSize, Duration maxQueueDelay,
                                 Duration maxFrameAge, boolean staleToDeadLetter, DeadLetters deadLetters) {
        super(settings, batchSize, maxQueueDelay, maxFrameAge, staleToDeadLetter, deadLetters);
    }

    @Override
    public void open() throws Exception {
        super.open();
        batcher = lease.batcher(batchSize, batchTimeout);
        mailbox = getContainingTask().getMailboxExecutorFactory().createExecutor(getOperatorConfig().getChainIndex());
        pending = new ArrayDeque<>();
    }

    @Override
    public void processElement(StreamRecord<DecodedFrame> element) throws Exception {
        DecodedFrame frame = element.getValue();
        if (frame.shedBeforeDecoding()) {
            if (pending.isEmpty()) {
                detections.passOnShed(frame);
            } else {
                pending.addLast(frame);
            }
            return;
        }
        CompletableFuture<DeviceBatcher.Outcome> outcome =
                batcher.submit(frame.image(), frame.captureTimeMillis, maxFrameAgeMillis);
        pending.addLast(new InFlight(frame, outcome));
        framesInFlight++;
        outcome.whenComplete((done, failure) -> emitLater());
        while (framesInFlight >= BATCHES_IN_FLIGHT * batchSize) {
            mailbox.yield();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        if (pending.isEmpty()) {
            super.processWatermark(mark);
        } else {
            pending.addLast(mark);
        }
    }

    /** Asks the batcher to run what is queued at once, and runs mails until every frame handed over is out. */
    @Override
    void completeAll() throws Exception {
        emitCompleted();
        if (!pending.isEmpty()) {
            batcher.expedite();
        }
        while (!pending.isEmpty()) {
            mailbox.yield();
        }
    }

    /** Runs on the batcher's thread: the task thread emits; a mailbox already closed means the task has ended. */
    private void emitLater() {
        try {
            mailbox.execute(this::emitCompleted, "emit detections");
        } catch (RejectedExecutionException taskEnded) {
            // nothing is waiting for these frames any more: the source replays them after a restart
        }
    }

    /** Emits the completed frames at the head of the queue, and the watermarks that waited for them. */
    private void emitCompleted() throws Exception {
        while (!pending.isEmpty()) {
            Object head = pending.peekFirst();
            if (head instanceof Watermark mark) {
                pending.pollFirst();
                super.processWatermark(mark);
                continue;
            }
            if (head instanceof DecodedFrame shed) {
                pending.pollFirst();
                detections.passOnShed(shed);
                continue;
            }
            InFlight inFlight = (InFlight) head;
            if (!inFlight.outcome.isDone()) {
                return;
            }
            pending.pollFirst();
            framesInFlight--;
            emit(inFlight.frame, outcome(inFlight));
        }
    }

    private static DeviceBatcher.Outcome outcome(InFlight inFlight) throws Exception {
        try {
            return inFlight.outcome.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the forward pass of camera " + inFlight.frame.cameraId + " frame "
                    + inFlight.frame.frameSequence + " failed", e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("the device's batcher stopped before camera " + inFlight.frame.cameraId
                    + " frame " + inFlight.frame.frameSequence + " ran", e);
        }
    }

    private void emit(DecodedFrame frame, DeviceBatcher.Outcome outcome) {
        if (outcome instanceof DeviceBatcher.Detected detected) {
            if (detected.batch() != lastBatch) {
                lastBatch = detected.batch();
                detections.batchRan(detected.batchSize(), detected.inferenceMicros());
            }
            detections.detected(frame, detected.objects(), detected.queuedMicros(), detected.batchSize(),
                    detected.inferenceMicros());
        } else if (outcome instanceof DeviceBatcher.Stale stale) {
            detections.stale(frame, stale.ageMillis());
        }
    }

    @Override
    void abandonInFlight() {
        if (pending == null) {
            return;
        }
        List<Object> abandoned = new ArrayList<>(pending);
        pending.clear();
        framesInFlight = 0;
        for (Object entry : abandoned) {
            if (entry instanceof InFlight inFlight) {
                inFlight.outcome.cancel(false);
            }
        }
    }
}
