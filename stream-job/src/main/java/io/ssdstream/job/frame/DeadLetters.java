package io.ssdstream.job.frame;

import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.RejectReason;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.flink.util.OutputTag;

/** Builds the {@link FrameRejected} record of a frame the job could not, or chose not to, detect on. */
public final class DeadLetters implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The side output every dead letter travels on. */
    public static final OutputTag<FrameRejected> TAG = new OutputTag<>("dead-letters") {};

    private final int maxOriginalBytes;

    /** @param maxOriginalBytes a dead letter carries at most this many of the original bytes */
    public DeadLetters(int maxOriginalBytes) {
        this.maxOriginalBytes = maxOriginalBytes;
    }

    /**
     * @param cameraId the camera when known (the frame's, else the record key), or null
     * @param frameSequence the frame's sequence number when known, or null
     * @param original the bytes as read from Kafka, capped in the record
     */
    public FrameRejected of(String cameraId, Long frameSequence, SourcePosition position, RejectReason reason,
                            String message, byte[] original) {
        byte[] kept = original.length <= maxOriginalBytes ? original : Arrays.copyOf(original, maxOriginalBytes);
        return FrameRejected.newBuilder()
                .setCameraId(cameraId)
                .setFrameSequence(frameSequence)
                .setSourceTopic(position.topic)
                .setSourcePartition(position.partition)
                .setSourceOffset(position.offset)
                .setReason(reason)
                .setMessage(message)
                .setRejectedTime(Instant.now())
                .setOriginalSize(original.length)
                .setOriginalBytes(ByteBuffer.wrap(kept))
                .build();
    }
}
