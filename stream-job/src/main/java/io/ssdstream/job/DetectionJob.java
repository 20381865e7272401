package io.ssdstream.job;

import io.ssdstream.job.analytics.CameraConfigValidator;
import io.ssdstream.job.analytics.CameraSetting;
import io.ssdstream.job.analytics.ConfigMessage;
import io.ssdstream.job.analytics.TrackerUpdate;
import io.ssdstream.job.analytics.ZoneAnalytics;
import io.ssdstream.job.config.Batching;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.job.detect.DetectorSettings;
import io.ssdstream.job.detect.DeviceBatchedDetector;
import io.ssdstream.job.detect.MicroBatchDetector;
import io.ssdstream.job.frame.DeadLetters;
import io.ssdstream.job.frame.DecodedFrame;
import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.job.frame.ShedFrame;
import io.ssdstream.job.kafka.KafkaConnectors;
import io.ssdstream.job.track.ObjectTracker;
import io.ssdstream.job.validate.FrameValidator;
import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.DetectionEvent;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.JobException;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;

/**
 * The detection pipeline: frames from Kafka, validated and decoded, micro-batched onto the model, detection events
 * back to Kafka, every rejected frame to the dead-letter topic.
 *
 * <pre>
 *  frames ─► validate ─► micro-batch + detect ─►(by camera)─► track objects ─► detections
 *                           (shed frames too) ────────────────────┘
 *               └─► dead letters     └─► dead letters (STALE)        ├─► objects
 *                                                                     └─► zones + lines + counts ─► counts
 *  camera-configs ─► check config ─(broadcast)──────────────────────────────┘  ├─► zone-events
 *                        └─► dead letters (INVALID_CONFIG)                        └─► line-crossings
 * </pre>
 *
 * The stages up to the detector run chained in one task per slot, without a shuffle: records pass by reference
 * (object reuse), and each partition's (so each camera's) frames stay in order. With {@link Batching#DEVICE} the
 * model itself runs on the TaskManager's batcher thread for its device, not in the task (see
 * {@link DeviceBatchedDetector}); the operator keeps its name and id either way, so metrics and savepoints carry
 * over between the two. The tracker is keyed by camera id,
 * so each camera's events reach one tracker instance, still in order; with {@code --tracking=false} the stage and
 * its shuffle are left out and the detector writes to the detections sink directly. The analytics run (with
 * {@code --analytics}, the default, and tracking) behind the tracker on the same subtask, keyed by the same camera
 * ids without a second shuffle, with the camera configurations as broadcast state. Stable operator ids let a
 * savepoint restore into a job with another parallelism or batch size.
 */
public final class DetectionJob {

    /** What the detector emits: each frame's detection event, or the frame it shed, for the tracker. */
    public static final TypeInformation<Either<DetectionEvent, ShedFrame>> DETECTED = new EitherTypeInfo<>(
            TypeInformation.of(DetectionEvent.class), TypeInformation.of(ShedFrame.class));

    private DetectionJob() {}

    /**
     * Checks that the model loads and the Kafka cluster answers, builds the pipeline and runs it until it ends.
     *
     * @throws JobPreflight.PreflightException when the job cannot run, before anything is submitted
     * @throws JobFailedException when the job failed and its restarts are used up
     */
    public static JobExecutionResult run(StreamExecutionEnvironment env, JobConfig config) {
        JobPreflight.check(config);
        build(env, config);
        return execute(env, config);
    }

    /** Runs a built pipeline; a failure that ends the job becomes one line with its cause. */
    static JobExecutionResult execute(StreamExecutionEnvironment env, JobConfig config) {
        try {
            return env.execute(DetectionJobMain.JOB_NAME);
        } catch (Exception e) {
            throw new JobFailedException("the job failed and is not restarted again (--restart-attempts "
                    + config.restartAttempts() + "): " + JobPreflight.oneLine(cause(e)), e);
        }
    }

    /** The failure under Flink's wrappers ("Job execution failed", "Recovery is suppressed by ..."). */
    private static Throwable cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t instanceof JobExecutionException || t instanceof JobException
                || t instanceof ExecutionException || t instanceof CompletionException)) {
            t = t.getCause();
        }
        return t;
    }

    /** A job that ran and failed for good. */
    public static final class JobFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JobFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Adds the pipeline to {@code env} and sets the checkpointing, parallelism and restart strategy it needs. Flink's
     * own default with checkpointing on is to restart forever, which turns a job that cannot run into an endless
     * loop of stack traces; here restarts back off exponentially and end after the configured attempts.
     */
    public static void build(StreamExecutionEnvironment env, JobConfig config) {
        env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
        env.configure(restartStrategy(config));
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
                .process(new FrameValidator(new DecodeLimits(config.maxPixels(), config.maxEncodedBytes()),
                        config.maxFrameAge(), config.staleToDeadLetter(), deadLetters))
                .uid("validate")
                .name("validate + decode");
        frames.getSideOutput(DeadLetters.TAG)
                .sinkTo(kafka.deadLetters("validate"))
                .uid("dead-letters-validate-sink")
                .name("dead letters (invalid)");

        DetectorSettings detector = DetectorSettings.of(config);
        SingleOutputStreamOperator<Either<DetectionEvent, ShedFrame>> detected = switch (config.batching()) {
            case SLOT -> frames.transform("micro-batch + detect", DETECTED,
                    new MicroBatchDetector(detector, config.batchSize(), config.batchTimeout(), config.maxFrameAge(),
                            config.staleToDeadLetter(), deadLetters));
            case DEVICE -> frames.transform("micro-batch + detect", DETECTED,
                    new DeviceBatchedDetector(detector, config.batchSize(), config.batchTimeout(),
                            config.maxFrameAge(), config.staleToDeadLetter(), deadLetters));
        };
        detected.uid("detect");
        detected.getSideOutput(DeadLetters.TAG)
                .sinkTo(kafka.deadLetters("stale"))
                .uid("dead-letters-stale-sink")
                .name("dead letters (stale)");

        DataStream<DetectionEvent> published;
        if (!config.tracking()) {
            published = detected
                    .flatMap(DetectionJob::eventsOnly, TypeInformation.of(DetectionEvent.class))
                    .uid("events-only")
                    .name("detection events");
        } else {
            SingleOutputStreamOperator<DetectionEvent> tracked = detected
                    .keyBy(DetectionJob::cameraOf, Types.STRING)
                    .transform("track objects", TypeInformation.of(DetectionEvent.class),
                            ObjectTracker.operator(config.tracker(), config.runsAnalytics()))
                    .uid("track");
            tracked.getSideOutput(ObjectTracker.OBJECTS)
                    .sinkTo(kafka.objects())
                    .uid("objects-sink")
                    .name("objects");
            if (config.runsAnalytics()) {
                analytics(env, tracked.getSideOutput(ObjectTracker.TRACKED), kafka, deadLetters, config);
            }
            published = tracked;
        }
        published.sinkTo(kafka.detections())
                .uid("detections-sink")
                .name("detections");
    }

    /** Without a tracker, shed frames have no one to tell. */
    private static void eventsOnly(Either<DetectionEvent, ShedFrame> detected, Collector<DetectionEvent> out) {
        if (detected.isLeft()) {
            out.collect(detected.left());
        }
    }

    private static String cameraOf(Either<DetectionEvent, ShedFrame> detected) {
        return detected.isLeft() ? detected.left().getCameraId() : detected.right().cameraId();
    }

    /**
     * Zones, lines and counts on the tracker's updates. The tracker's output is already partitioned by camera id,
     * so it is reinterpreted as keyed (a forward edge) instead of shuffled again. The configuration source carries
     * no event time and declares itself idle, so the analytics' watermark is the frames' alone. (Holding it at the
     * maximum instead would hand the analytics a watermark of infinity whenever the frames go idle, say while the
     * detector works through a backlog, and make every later frame late.)
     */
    static void analytics(StreamExecutionEnvironment env, DataStream<TrackerUpdate> updates,
                                  KafkaConnectors kafka, DeadLetters deadLetters, JobConfig config) {
        SingleOutputStreamOperator<CameraSetting> settings = env
                .fromSource(kafka.cameraConfigs(), WatermarkStrategy.<ConfigMessage>forGenerator(c -> new NoEventTime()),
                        "camera-configs")
                .uid("camera-configs-source")
                .process(new CameraConfigValidator(deadLetters, config.model().toString()))
                .uid("check-camera-configs")
                .name("check camera configs");
        settings.getSideOutput(DeadLetters.TAG)
                .sinkTo(kafka.deadLetters("configs"))
                .uid("dead-letters-configs-sink")
                .name("dead letters (invalid config)");
        BroadcastStream<CameraSetting> broadcast = settings.broadcast(ZoneAnalytics.CONFIGS);

        SingleOutputStreamOperator<CameraClassCounts> counts = DataStreamUtils
                .reinterpretAsKeyedStream(updates, update -> update.cameraId, Types.STRING)
                .connect(broadcast)
                .process(new ZoneAnalytics(config.counting(), (float) config.tracker().lowScore()))
                .uid("zone-analytics")
                .name("zones + lines + counts");
        counts.sinkTo(kafka.counts())
                .uid("counts-sink")
                .name("counts");
        counts.getSideOutput(ZoneAnalytics.ZONE_EVENTS)
                .sinkTo(kafka.zoneEvents())
                .uid("zone-events-sink")
                .name("zone events");
        counts.getSideOutput(ZoneAnalytics.LINE_CROSSINGS)
                .sinkTo(kafka.lineCrossings())
                .uid("line-crossings-sink")
                .name("line crossings");
    }

    /** A stream without event time: always idle, so it neither holds back nor moves a joined stream's watermark. */
    private static final class NoEventTime implements WatermarkGenerator<ConfigMessage> {
        @Override
        public void onEvent(ConfigMessage event, long eventTimestamp, WatermarkOutput output) {
            output.markIdle();
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            output.markIdle();
        }
    }

    private static Configuration restartStrategy(JobConfig config) {
        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, config.restartAttempts());
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, config.restartDelay());
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF,
                JobConfig.MAX_RESTART_DELAY.compareTo(config.restartDelay()) > 0
                        ? JobConfig.MAX_RESTART_DELAY : config.restartDelay());
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, 2.0);
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                JobConfig.RESTART_RESET_AFTER);
        return restarts;
    }
}
