package io.ssdstream.cli.bench;

import io.ssdstream.job.DetectionJob;
import io.ssdstream.job.DetectionJobMain;
import io.ssdstream.job.config.Batching;
import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.decode.DecodeLimits;
import io.ssdstream.job.decode.DecodeResult;
import io.ssdstream.job.decode.FrameDecoder;
import io.ssdstream.kafka.local.LocalKafka;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.ssd.detector.Detector;
import io.ssdstream.ssd.detector.DetectorOptions;
import io.ssdstream.ssd.detector.DeviceSpec;
import io.ssdstream.ssd.preprocess.RgbFrame;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.config.CountingLine;
import io.ssdstream.zones.config.Zone;
import io.ssdstream.zones.geometry.Point;
import io.ssdstream.zones.geometry.Side;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The pipeline benchmark: the same model, batch size and frames through the bare {@link Detector} and through
 * Kafka → the Flink job → Kafka, in one run on one machine, then the job's end-to-end latency under a steady load
 * at 50% and 90% of the rate it sustained; the job runs once per way of batching ({@link Batching}), so the two
 * designs are compared under the same conditions.
 */
final class PipelineBenchmark {

    private static final int DISTINCT_SCENES = 16;
    /** Moving scenes: each camera's distinct frames, 10 per second of its scene, replayed in a loop. */
    private static final int MOVING_FRAMES_PER_CAMERA = 50;
    private static final double MOVING_FRAME_SECONDS = 0.1;
    private static final int MOVING_OBJECTS = 5;
    private static final int WARM_UP_BATCHES = 5;
    private static final String FRAMES = "bench-frames";
    /**
     * Both ways of batching, in this order, in one run: the new one first, so the JVM warming up as the run goes on
     * favours the old one if anything.
     */
    private static final List<Batching> BATCHINGS = List.of(Batching.DEVICE, Batching.SLOT);
    private static final String DETECTIONS = "bench-detections";
    private static final String REJECTED = "bench-rejected";
    private static final String STAGES_FRAMES = "bench-stages-frames";
    /**
     * Runs of each stages variant, the rounds alternating between two orders. Four, and costs from medians: one run
     * in a few, of any variant, takes twice the CPU per frame on a quiet machine (not traced), and a mean of two
     * would carry it into the cost.
     */
    private static final int STAGE_ROUNDS = 4;
    private static final String CAMERA_CONFIGS = "bench-camera-configs";
    /** Each camera's analytics: a grid of zones and as many lines, the per-camera figure. */
    private static final int ZONE_COLUMNS = 5;
    private static final int ZONE_ROWS = 4;
    private static final int LINES = 20;

    /** What the benchmark's cameras film. */
    enum Scene {
        /** Random coloured rectangles, the same for every camera: nothing a model was trained on. */
        RECTANGLES,
        /**
         * A {@link MovingScene} of {@value #MOVING_OBJECTS} shapes per camera, as the demo's cameras film: with the
         * demo model, a few detections a frame that the tracker follows, as on a real camera.
         */
        MOVING
    }

    /** What the job runs behind the detector, from nothing to everything the product has. */
    private enum Stages {
        DETECT_ONLY("detectOnly", false, false),
        TRACKING("tracking", true, false),
        TRACKING_AND_ZONES("trackingAndZones", true, true);

        final String key;
        final boolean tracking;
        final boolean zones;

        Stages(String key, boolean tracking, boolean zones) {
            this.key = key;
            this.tracking = tracking;
            this.zones = zones;
        }
    }

    private final Path model;
    private final int frames;
    private final int cameras;
    private final int batchSize;
    private final int width;
    private final int height;
    private final int latencySeconds;
    private final long checkpointIntervalMs;
    private final Scene scene;
    /** Per camera, its distinct frames as JPEG: for rectangles, every camera's list is the same. */
    private final List<List<byte[]>> images = new ArrayList<>();
    private final WireCodec<VideoFrame> codec = WireCodec.forRecord(VideoFrame.class);

    PipelineBenchmark(Path model, Scene scene, int frames, int cameras, int batchSize, int width, int height,
                      int latencySeconds, long checkpointIntervalMs) {
        this.model = model;
        this.scene = scene;
        this.frames = frames;
        this.cameras = cameras;
        this.batchSize = batchSize;
        this.width = width;
        this.height = height;
        this.latencySeconds = latencySeconds;
        this.checkpointIntervalMs = checkpointIntervalMs;
    }

    Map<String, Object> run() throws Exception {
        renderImages();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.version")));
        report.put("setup", Map.of("model", model.toString(), "scene", scene.name(), "frames", frames, "cameras", cameras,
                "batchSize", batchSize, "frameSize", width + "x" + height, "checkpointIntervalMs", checkpointIntervalMs,
                "delivery", "EXACTLY_ONCE", "parallelism", 1));
        double bareBefore = bareDetectorFramesPerSecond();

        try (LocalKafka kafka = LocalKafka.start()) {
            kafka.createTopic(REJECTED, 1);
            kafka.createTopic(CAMERA_CONFIGS, 1);
            for (Batching batching : BATCHINGS) {
                kafka.createTopic(framesTopic(batching), cameras);
                kafka.createTopic(detectionsTopic(batching), cameras);
            }
            kafka.createTopic(STAGES_FRAMES, cameras);
            for (int round = 0; round < STAGE_ROUNDS; round++) {
                for (Stages stages : Stages.values()) {
                    kafka.createTopic(stagesTopic(stages, round), cameras);
                }
            }
            try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                publishCameraConfigs(producer);
                for (long sequence = 0; sequence < frames; sequence++) {
                    send(producer, STAGES_FRAMES, sequence);
                }
                producer.flush();
                Map<Batching, Map<String, Object>> pipelines = new LinkedHashMap<>();
                for (Batching batching : BATCHINGS) {
                    pipelines.put(batching, pipeline(kafka, producer, batching));
                }
                report.put("stages", stagesCost(kafka.bootstrapServers()));
                // the bare detector runs before and after the pipelines: on a shared machine, a baseline that
                // moved between the two shows the ratios are not to be trusted
                double bareAfter = bareDetectorFramesPerSecond();
                double bare = (bareBefore + bareAfter) / 2;
                report.put("bareDetectorFramesPerSecond", Map.of("before", round(bareBefore),
                        "after", round(bareAfter), "mean", round(bare)));
                report.put("baselineSpread", round(Math.abs(bareBefore - bareAfter) / bare));
                report.put("defaultBatching", JobConfig.DEFAULTS.batching().name());
                List<Map<String, Object>> rows = new ArrayList<>();
                pipelines.forEach((batching, row) -> {
                    row.put("efficiency", round((double) row.get("framesPerSecond") / bare));
                    rows.add(row);
                });
                report.put("pipelines", rows);
            }
        }
        return report;
    }

    /**
     * A backlog through the full pipeline with one way of batching, then its latency under a steady load at 50% and
     * 90% of the rate it sustained. Each batching reads its own frames topic with the same frames, so sequence
     * numbers stay ranges per phase; the topics exist before the run starts.
     */
    private Map<String, Object> pipeline(LocalKafka kafka, KafkaProducer<byte[], byte[]> producer, Batching batching)
            throws Exception {
        String framesTopic = framesTopic(batching);
        String detections = detectionsTopic(batching);
        Map<Long, DetectionEvent> events = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(kafka.bootstrapServers(), detections, events, consuming),
                "bench-consumer-" + batching);
        consumer.start();
        try {
            for (long sequence = 0; sequence < frames; sequence++) {
                send(producer, framesTopic, sequence);
            }
            producer.flush();
            JobClient job = startJob(kafka.bootstrapServers(), framesTopic, detections, batching,
                    Stages.TRACKING_AND_ZONES, "pipeline-bench-" + batching.name().toLowerCase(Locale.ROOT));
            try {
                awaitEvents(events, 0, frames, Duration.ofMinutes(30));
                double rate = Sustained.of(events, 0, frames).framesPerSecond();
                long next = frames;
                List<Map<String, Object>> latency = new ArrayList<>();
                for (double load : List.of(0.5, 0.9)) {
                    long count = Math.max(10, Math.round(rate * load * latencySeconds));
                    paced(producer, framesTopic, next, count, rate * load);
                    awaitEvents(events, next, count, Duration.ofMinutes(10));
                    latency.add(latency(events, next, count, load, rate * load));
                    next += count;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("batching", batching.name());
                row.put("framesPerSecond", round(rate));
                row.put("latency", latency);
                return row;
            } finally {
                job.cancel().get();
            }
        } finally {
            consuming.set(false);
            consumer.join();
        }
    }

    private static String stagesTopic(Stages stages, int round) {
        return "bench-stages-" + stages.key + "-" + round;
    }

    private static String framesTopic(Batching batching) {
        return FRAMES + "-" + batching.name().toLowerCase(Locale.ROOT);
    }

    private static String detectionsTopic(Batching batching) {
        return DETECTIONS + "-" + batching.name().toLowerCase(Locale.ROOT);
    }

    private double bareDetectorFramesPerSecond() throws IOException {
        FrameDecoder decoder = new FrameDecoder(DecodeLimits.DEFAULTS);
        List<RgbFrame> decoded = new ArrayList<>();
        int distinct = cameras * images.get(0).size();
        for (int i = 0; i < distinct; i++) {
            decoded.add(((DecodeResult.Decoded) decoder.decode(frame(i, Instant.now()))).image());
        }
        try (Detector detector = Detector.load(model, DetectorOptions.DEFAULTS.withDevice(DeviceSpec.CPU))) {
            for (int warmUp = 0; warmUp < WARM_UP_BATCHES; warmUp++) {
                detector.detectRgb(decoded.subList(0, Math.min(batchSize, decoded.size())));
            }
            long start = System.nanoTime();
            for (int done = 0; done < frames; done += batchSize) {
                List<RgbFrame> batch = new ArrayList<>(batchSize);
                for (int i = done; i < Math.min(frames, done + batchSize); i++) {
                    batch.add(decoded.get(i % decoded.size()));
                }
                detector.detectRgb(batch);
            }
            return frames / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * What each stage behind the detector costs: the stages backlog (published before the pipelines ran, to a topic
     * of its own) through the job with nothing behind the detector, with the tracker, and with the tracker and the
     * zones, each {@value #STAGE_ROUNDS} times, in one order and then the reverse by turns, so that neither a warming
     * JVM nor a machine drifting favours one side. Every variant's rate is taken the same way ({@link Sustained}), and
     * this process's CPU time per frame over the same span ({@link ProcessCpuTimeline}); the costs compare medians.
     */
    private Map<String, Object> stagesCost(String bootstrapServers) throws Exception {
        Map<Stages, List<StageRun>> runs = new EnumMap<>(Stages.class);
        for (int round = 0; round < STAGE_ROUNDS; round++) {
            List<Stages> order = new ArrayList<>(List.of(Stages.values()));
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Stages stages : order) {
                runs.computeIfAbsent(stages, s -> new ArrayList<>()).add(stagesRun(bootstrapServers, stages, round));
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("zonesPerCamera", ZONE_COLUMNS * ZONE_ROWS);
        report.put("linesPerCamera", LINES);
        report.put("order", "rounds alternate " + List.of(Stages.values()) + " and its reverse");
        Map<Stages, Double> rate = new EnumMap<>(Stages.class);
        Map<Stages, Double> cpu = new EnumMap<>(Stages.class);
        runs.forEach((stages, list) -> {
            rate.put(stages, median(list.stream().mapToDouble(StageRun::framesPerSecond).toArray()));
            cpu.put(stages, median(list.stream().mapToDouble(StageRun::cpuMillisPerFrame).toArray()));
            report.put(stages.key + "FramesPerSecond", list.stream().map(run -> round(run.framesPerSecond())).toList());
            report.put(stages.key + "CpuMillisPerFrame",
                    list.stream().map(run -> round(run.cpuMillisPerFrame())).toList());
        });
        report.put("trackingCost", round(1 - rate.get(Stages.TRACKING) / rate.get(Stages.DETECT_ONLY)));
        report.put("zonesCost", round(1 - rate.get(Stages.TRACKING_AND_ZONES) / rate.get(Stages.TRACKING)));
        report.put("trackingAndZonesCost",
                round(1 - rate.get(Stages.TRACKING_AND_ZONES) / rate.get(Stages.DETECT_ONLY)));
        report.put("trackingCpuCost", round(cpu.get(Stages.TRACKING) / cpu.get(Stages.DETECT_ONLY) - 1));
        report.put("zonesCpuCost", round(cpu.get(Stages.TRACKING_AND_ZONES) / cpu.get(Stages.TRACKING) - 1));
        return report;
    }

    /** One stages variant's run: frames/s sustained, and this process's CPU time per frame over the same span. */
    private record StageRun(double framesPerSecond, double cpuMillisPerFrame) {}

    /** One job with {@code stages} over the stages' backlog, into a topic of its own. */
    private StageRun stagesRun(String bootstrapServers, Stages stages, int round) throws Exception {
        String detections = stagesTopic(stages, round);
        Map<Long, DetectionEvent> events = new ConcurrentHashMap<>();
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(() -> consume(bootstrapServers, detections, events, consuming),
                "bench-consumer-" + detections);
        consumer.start();
        ProcessCpuTimeline cpu = new ProcessCpuTimeline();
        try {
            JobClient job = startJob(bootstrapServers, STAGES_FRAMES, detections, JobConfig.DEFAULTS.batching(),
                    stages, "pipeline-bench-" + detections);
            try {
                awaitEvents(events, 0, frames, Duration.ofMinutes(30));
            } finally {
                job.cancel().get();
            }
        } finally {
            cpu.close();
            consuming.set(false);
            consumer.join();
        }
        Sustained sustained = Sustained.of(events, 0, frames);
        double cpuSeconds = cpu.cpuSecondsBetween(sustained.firstMillis(), sustained.lastMillis());
        return new StageRun(sustained.framesPerSecond(), 1000 * cpuSeconds / sustained.frames());
    }

    /** Every camera gets a grid of zones over its frame and as many vertical and horizontal lines. */
    private void publishCameraConfigs(KafkaProducer<byte[], byte[]> producer) throws Exception {
        WireCodec<io.ssdstream.schemas.CameraConfig> codec =
                WireCodec.forRecord(io.ssdstream.schemas.CameraConfig.class);
        List<Zone> zones = new ArrayList<>();
        for (int row = 0; row < ZONE_ROWS; row++) {
            for (int column = 0; column < ZONE_COLUMNS; column++) {
                double x1 = 1 + column * (width - 2.0) / ZONE_COLUMNS;
                double x2 = 1 + (column + 1) * (width - 2.0) / ZONE_COLUMNS;
                double y1 = 1 + row * (height - 2.0) / ZONE_ROWS;
                double y2 = 1 + (row + 1) * (height - 2.0) / ZONE_ROWS;
                zones.add(Zone.of("zone-" + row + "-" + column, List.of(new Point(x1, y1), new Point(x2, y1),
                        new Point(x2, y2), new Point(x1, y2)), Set.of()));
            }
        }
        List<CountingLine> lines = new ArrayList<>();
        for (int i = 0; i < LINES / 2; i++) {
            double x = (i + 0.5) * width / (LINES / 2.0);
            double y = (i + 0.5) * height / (LINES / 2.0);
            lines.add(CountingLine.of("vertical-" + i, new Point(x, 1), new Point(x, height - 1), Side.LEFT, Set.of()));
            lines.add(CountingLine.of("horizontal-" + i, new Point(1, y), new Point(width - 1, y), Side.LEFT,
                    Set.of()));
        }
        CameraConfig config = new CameraConfig(width, height, zones, lines);
        for (int camera = 0; camera < cameras; camera++) {
            String id = "camera-" + camera;
            producer.send(new ProducerRecord<>(CAMERA_CONFIGS, id.getBytes(StandardCharsets.UTF_8),
                    codec.encode(CameraConfigs.toRecord(id, config, Instant.now()))));
        }
        producer.flush();
    }

    private JobClient startJob(String bootstrapServers, String framesTopic, String detections, Batching batching,
                               Stages stages, String groupId) throws Exception {
        JobConfig config = JobConfig.builder(bootstrapServers, model)
                .topics(framesTopic, detections, REJECTED)
                .tracking(stages.tracking, JobConfig.DEFAULTS.tracker())
                .analytics(stages.zones, JobConfig.DEFAULTS.counting())
                .analyticsTopics(CAMERA_CONFIGS, "bench-zone-events", "bench-line-crossings", "bench-counts")
                .groupId(groupId)
                .device(DeviceSpec.CPU)
                .batch(batchSize, Duration.ofMillis(50))
                .batching(batching)
                .maxFrameAge(Duration.ZERO, false)
                .delivery(DeliveryGuarantee.EXACTLY_ONCE, Duration.ofMillis(checkpointIntervalMs), Duration.ofMinutes(5))
                .parallelism(1)
                .build();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(new Configuration());
        DetectionJob.build(env, config);
        return env.executeAsync(DetectionJobMain.JOB_NAME);
    }

    /**
     * The span over which a range of frames counts as sustained, from the job's own emission times: from the first
     * batch's emission to the last frame's, and the frames emitted after the first batch (start-up excluded, every
     * counted frame's work included).
     */
    private record Sustained(long firstMillis, long lastMillis, long frames) {

        static Sustained of(Map<Long, DetectionEvent> events, long from, long count) {
            List<Long> emitted = new ArrayList<>();
            for (long s = from; s < from + count; s++) {
                emitted.add(events.get(s).getProcessingTime().toEpochMilli());
            }
            Collections.sort(emitted);
            long first = emitted.get(0);
            return new Sustained(first, emitted.get(emitted.size() - 1), emitted.stream().filter(t -> t > first).count());
        }

        double framesPerSecond() {
            return frames / Math.max(0.001, (lastMillis - firstMillis) / 1000.0);
        }
    }

    private Map<String, Object> latency(Map<Long, DetectionEvent> events, long from, long count, double load,
                                        double rate) {
        List<Long> millis = new ArrayList<>();
        for (long s = from; s < from + count; s++) {
            DetectionEvent e = events.get(s);
            millis.add(e.getProcessingTime().toEpochMilli() - e.getCaptureTime().toEpochMilli());
        }
        Collections.sort(millis);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("loadOfMaximum", load);
        row.put("offeredFramesPerSecond", round(rate));
        row.put("frames", count);
        row.put("endToEndMillisP50", millis.get((int) ((millis.size() - 1) * 0.50)));
        row.put("endToEndMillisP99", millis.get((int) ((millis.size() - 1) * 0.99)));
        row.put("endToEndMillisMax", millis.get(millis.size() - 1));
        return row;
    }

    private void paced(KafkaProducer<byte[], byte[]> producer, String topic, long from, long count, double rate)
            throws Exception {
        long start = System.nanoTime();
        for (long i = 0; i < count; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            send(producer, topic, from + i);
        }
        producer.flush();
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String topic, long sequence) throws Exception {
        VideoFrame frame = frame(sequence, Instant.now());
        producer.send(new ProducerRecord<>(topic, frame.getCameraId().getBytes(StandardCharsets.UTF_8),
                codec.encode(frame)));
    }

    /** Frame {@code sequence}: camera {@code sequence % cameras}, sequence numbers global so phases are ranges. */
    private VideoFrame frame(long sequence, Instant captured) {
        return VideoFrame.newBuilder()
                .setCameraId("camera-" + sequence % cameras)
                .setFrameSequence(sequence)
                .setCaptureTime(captured)
                .setCaptureTimeSource(CaptureTimeSource.INGEST)
                .setIngestTime(captured)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(FrameEncoding.JPEG)
                .setImage(ByteBuffer.wrap(image(sequence)))
                .setMetadata(Map.of())
                .build();
    }

    private void renderImages() throws IOException {
        List<byte[]> rectangles = new ArrayList<>();
        if (scene == Scene.RECTANGLES) {
            for (int i = 0; i < DISTINCT_SCENES; i++) {
                rectangles.add(rectangles(i));
            }
        }
        for (int camera = 0; camera < cameras; camera++) {
            if (scene == Scene.RECTANGLES) {
                images.add(rectangles);
                continue;
            }
            MovingScene moving = new MovingScene("camera-" + camera, width, height, MOVING_OBJECTS, SceneStyle.SIMPLE,
                    camera);
            List<byte[]> filmed = new ArrayList<>();
            for (int k = 0; k < MOVING_FRAMES_PER_CAMERA; k++) {
                filmed.add(jpeg(moving.frame(k * MOVING_FRAME_SECONDS).image().toBufferedImage()));
            }
            images.add(filmed);
        }
    }

    /**
     * The image of frame {@code sequence}: rectangles cycle over all sequence numbers, as before moving scenes
     * existed; a moving scene plays its camera's frames in order.
     */
    private byte[] image(long sequence) {
        List<byte[]> camera = images.get((int) (sequence % cameras));
        long index = scene == Scene.RECTANGLES ? sequence : sequence / cameras;
        return camera.get((int) (index % camera.size()));
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    private byte[] rectangles(int seed) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        Random random = new Random(seed);
        g.setColor(new Color(random.nextInt(0xFFFFFF)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(random.nextInt(0xFFFFFF)));
            g.fillRect(random.nextInt(width), random.nextInt(height), 20 + random.nextInt(width / 3),
                    20 + random.nextInt(height / 3));
        }
        g.dispose();
        return jpeg(image);
    }

    private static void awaitEvents(Map<Long, DetectionEvent> events, long from, long count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (long s = from; s < from + count; s++) {
            while (!events.containsKey(s)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job delivered no event for frame " + s + " within " + timeout);
                }
                Thread.sleep(20);
            }
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p);
    }

    private static void consume(String bootstrapServers, String topic, Map<Long, DetectionEvent> events,
            AtomicBoolean running) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        p.put("isolation.level", "read_committed");
        WireCodec<DetectionEvent> codec = WireCodec.forRecord(DetectionEvent.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<PartitionInfo> infos;
            // a topic just created may not be in this client's first metadata yet
            while ((infos = consumer.partitionsFor(topic)).isEmpty()) {
                Thread.sleep(100);
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    DetectionEvent event = codec.decode(record.value());
                    events.put(event.getFrameSequence(), event);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("benchmark consumer failed", e);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double round(double value) {
        return Math.round(value * 1000.0) / 1000.0;
    }
}
