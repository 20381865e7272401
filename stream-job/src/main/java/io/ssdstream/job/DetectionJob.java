package io.ssdstream.job;

import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.job.detect.DetectorSettings;
import io.ssdstream.job.detect.MicroBatchDetector;
import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.job.kafka.KafkaConnectors;
import io.ssdstream.job.validate.FrameValidator;
import io.ssdstream.schemas.DetectionEvent;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The detection pipeline: frames from Kafka, validated and decoded, micro-batched onto the model, detection events
 * back to Kafka, every rejected frame to the dead-letter topic.
 *
 * <pre>
 *  frames ─► validate ─► micro-batch + detect ─► detections
 *               └─► dead letters     └─► dead letters (STALE)
 * </pre>
 *
 * All stages run chained in one task per slot, without a shuffle: records pass by reference (object reuse), and
 * each partition's — so each camera's — frames stay in order from source to sink. Stable operator ids let a
 * savepoint restore into a job with another parallelism or batch size.
 */
public final class DetectionJob {

    private DetectionJob() {}

    /** Adds the pipeline to {@code env} and sets the checkpointing and parallelism it needs. */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.getConfig().enableObjectReuse();
        if (config.parallelism() > 0) {
            env.setParallelism(config.parallelism());
        }
        KafkaConnectors kafka = new KafkaConnectors(config);
        DeadLetters deadLetters = new DeadLetters(config.deadLetterMaxBytes());

        WatermarkStrategy<IncomingFrame> eventTime = WatermarkStrategy
                .<IncomingFrame>forBoundedOutOfOrderness(config.maxOutOfOrderness())
                .withTimestampAssigner((frame, kafkaTimestamp) -> frame.eventTime())
                .withIdleness(config.idleTimeout());

        SingleOutputStreamOperator<DecodedFrame> frames = env
                .fromSource(kafka.frames(), eventTime, "frames")
                .uid("frames-source")
                .process(new FrameValidator(new DecodeLimits(config.maxPixels(), config.maxEncodedBytes()), deadLetters))
                .uid("validate")
                .name("validate + decode");
        frames.getSideOutput(DeadLetters.TAG)
                .sinkTo(kafka.deadLetters("validate"))
                .uid("dead-letters-validate-sink")
                .name("dead letters (invalid)");

        DetectorSettings detector = new DetectorSettings(config.model().toString(), config.device(),
                config.precision(), config.thresholds());
        SingleOutputStreamOperator<DetectionEvent> events = frames
                .transform("micro-batch + detect", TypeInformation.of(DetectionEvent.class),
                        new MicroBatchDetector(detector, config.batchSize(), config.batchTimeout(),
                                config.maxFrameAge(), config.staleToDeadLetter(), deadLetters))
                .uid("detect");
        events.sinkTo(kafka.detections())
                .uid("detections-sink")
                .name("detections");
        events.getSideOutput(DeadLetters.TAG)
                .sinkTo(kafka.deadLetters("stale"))
                .uid("dead-letters-stale-sink")
                .name("dead letters (stale)");
    }
}
