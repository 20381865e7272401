package io.ssdstream.job.validate;

import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.job.decode.DecodeResult;
import io.ssdstream.job.decode.FrameDecoder;
import io.ssdstream.job.decode.OpenCvNatives;
import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.ssd.preprocess.RgbFrame;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns each incoming record into a {@link DecodedFrame}, or into a dead letter naming why not: a message of an
 * unknown or incompatible schema (SCHEMA_MISMATCH), bytes that are no well-formed message or an undecodable image
 * (UNDECODABLE), an unknown encoding, oversized images. One bad frame never fails the job
 * and never vanishes: every record read leaves here either as a frame or as a dead letter, and is counted.
 *
 * <p>A frame already older than the max frame age (capture to now) is shed here, before it is decoded: the detector
 * would shed it anyway when its batch starts, since age only grows, and a job far behind its cameras would otherwise
 * spend its CPU decoding frames it then throws away, falling further behind the more it sheds. Such a frame is
 * counted in {@code framesShed} and dead-lettered as STALE when configured, as the detector does; a frame both stale
 * and corrupt is reported STALE, since it was never looked at. It still goes on downstream without pixels
 * ({@link DecodedFrame#shedBeforeDecoding}), for the tracker to learn the camera was sending.
 *
 * <p>Metrics: {@code framesIn}; {@code framesRejected} in a {@code reason} group per reject reason;
 * {@code framesShed}.
 */
public final class FrameValidator extends ProcessFunction<IncomingFrame, DecodedFrame> {

    private static final long serialVersionUID = 1L;

    private final DecodeLimits limits;
    private final long maxFrameAgeMillis;
    private final boolean staleToDeadLetter;
    private final DeadLetters deadLetters;
    private transient FrameDecoder decoder;
    private transient Counter framesIn;
    private transient Counter shed;
    private transient Map<RejectReason, Counter> rejected;

    /**
     * @param maxFrameAge frames older than this are shed before decoding; zero sheds nothing
     * @param staleToDeadLetter whether shed frames also go to the dead-letter topic (reason STALE)
     */
    public FrameValidator(DecodeLimits limits, Duration maxFrameAge, boolean staleToDeadLetter,
                          DeadLetters deadLetters) {
        this.limits = limits;
        this.maxFrameAgeMillis = maxFrameAge.toMillis();
        this.staleToDeadLetter = staleToDeadLetter;
        this.deadLetters = deadLetters;
    }

    @Override
    public void open(OpenContext context) {
        OpenCvNatives.ensureLoaded();
        decoder = new FrameDecoder(limits);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        framesIn = metrics.counter("framesIn");
        shed = metrics.counter("framesShed");
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, metrics.addGroup("reason", reason.name()).counter("framesRejected"));
        }
    }

    @Override
    public void processElement(IncomingFrame incoming, Context context, Collector<DecodedFrame> out) {
        framesIn.inc();
        VideoFrame frame = incoming.frame;
        if (frame == null) {
            reject(incoming, context, incoming.wireRejectReason, "record value is not a readable VideoFrame: "
                    + incoming.wireError);
            return;
        }
        long ageMillis = System.currentTimeMillis() - frame.getCaptureTime().toEpochMilli();
        if (maxFrameAgeMillis > 0 && ageMillis > maxFrameAgeMillis) {
            shed.inc();
            if (staleToDeadLetter) {
                context.output(DeadLetters.TAG, deadLetters.of(frame.getCameraId(), frame.getFrameSequence(),
                        incoming.position, RejectReason.STALE, "camera " + frame.getCameraId() + " frame "
                                + frame.getFrameSequence() + " was " + ageMillis + " ms old before decoding (limit "
                                + maxFrameAgeMillis + " ms)", incoming.rawValue));
            }
            out.collect(DecodedFrame.shedBeforeDecoding(frame.getCameraId(), frame.getFrameSequence(),
                    frame.getCaptureTime().toEpochMilli()));
            return;
        }
        DecodeResult result = decoder.decode(frame);
        if (result instanceof DecodeResult.Rejected rejection) {
            reject(incoming, context, rejection.reason(), rejection.message());
            return;
        }
        RgbFrame image = ((DecodeResult.Decoded) result).image();
        DecodedFrame decoded = new DecodedFrame();
        decoded.cameraId = frame.getCameraId();
        decoded.frameSequence = frame.getFrameSequence();
        decoded.captureTimeMillis = frame.getCaptureTime().toEpochMilli();
        decoded.width = image.width();
        decoded.height = image.height();
        decoded.rgb = image.rgb();
        decoded.original = incoming.rawValue;
        decoded.position = incoming.position;
        out.collect(decoded);
    }

    private void reject(IncomingFrame incoming, Context context, RejectReason reason, String message) {
        rejected.get(reason).inc();
        VideoFrame frame = incoming.frame;
        context.output(DeadLetters.TAG, deadLetters.of(
                frame != null ? frame.getCameraId() : incoming.key,
                frame != null ? frame.getFrameSequence() : null,
                incoming.position, reason, message, incoming.rawValue));
    }
}
