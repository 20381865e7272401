package io.ssdstream.demo;

import io.ssdstream.demo.viewer.LiveView;
import io.ssdstream.demo.viewer.TopicReader;
import io.ssdstream.demo.viewer.ViewerConfig;
import io.ssdstream.demo.viewer.ViewerServer;
import io.ssdstream.job.DetectionJob;
import io.ssdstream.job.DetectionJobMain;
import io.ssdstream.job.LocalEnvironment;
import io.ssdstream.job.analytics.CameraConfigs;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.job.detect.DetectorSettings;
import io.ssdstream.job.detect.SharedDetectors;
import io.ssdstream.kafka.local.LocalKafka;
import io.ssdstream.producer.CameraFeed;
import io.ssdstream.producer.FeedSettings;
import io.ssdstream.producer.FeedStats;
import io.ssdstream.producer.publish.FramePublisher;
import io.ssdstream.producer.publish.PublisherConfig;
import io.ssdstream.producer.source.SyntheticCameraSource;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.ssd.io.ModelArtifact;
import io.ssdstream.ssd.postprocess.ThresholdOverrides;
import io.ssdstream.zones.config.CameraConfig;
import io.ssdstream.zones.counting.CountingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole product on one machine: a real Kafka broker in this JVM, the detection job in a local Flink, synthetic
 * cameras publishing to it and the live viewer reading what comes out. {@link #start} brings the parts up in the
 * order data flows through them; {@link #close} stops the cameras, waits for the frames in flight to come out,
 * then takes everything down and deletes what the demo wrote to disk.
 */
public final class LocalDemo implements AutoCloseable {

    public static final String FRAMES = JobConfig.DEFAULTS.framesTopic();
    public static final String DETECTIONS = JobConfig.DEFAULTS.detectionsTopic();
    public static final String REJECTED = JobConfig.DEFAULTS.deadLetterTopic();
    public static final String OBJECTS = JobConfig.DEFAULTS.objectsTopic();
    public static final ViewerConfig.AnalyticsTopics ANALYTICS = ViewerConfig.AnalyticsTopics.JOB_DEFAULTS;
    private static final WireCodec<io.ssdstream.schemas.CameraConfig> CAMERA_CONFIGS =
            WireCodec.forRecord(io.ssdstream.schemas.CameraConfig.class);
    /** Frames published at the stop get this long to come out of the job. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final DemoConfig config;
    private final PrintWriter console;
    private final Path workDirectory;
    private final long startedNanos = System.nanoTime();
    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<CameraFeed> feeds = new ArrayList<>();
    private final List<String> cameraIds = new ArrayList<>();
    private final List<Thread> feedThreads = new ArrayList<>();
    private final LiveView view = new LiveView();
    private LocalKafka kafka;
    private FramePublisher publisher;
    private ViewerServer viewer;
    private JobClient job;
    private final CountDownLatch closing = new CountDownLatch(1);
    private boolean closed;

    private LocalDemo(DemoConfig config, PrintWriter console) throws IOException {
        this.config = config;
        this.console = console;
        this.workDirectory = Files.createTempDirectory("ssd-stream-demo-");
    }

    /** Starts every part; on failure, stops what had started and rethrows. */
    public static LocalDemo start(DemoConfig config, PrintWriter console) throws Exception {
        if (!Files.isRegularFile(config.model().resolve(ModelArtifact.METADATA_FILE))) {
            throw new IllegalArgumentException("--model: no model artifact at " + config.model().toAbsolutePath()
                    + " (expected " + ModelArtifact.METADATA_FILE + " there)");
        }
        LocalDemo demo = new LocalDemo(config, console);
        try {
            demo.startParts();
            return demo;
        } catch (Exception e) {
            demo.close();
            throw e;
        }
    }

    private void startParts() throws Exception {
        kafka = LocalKafka.start(config.bindAddress());
        started.add(kafka);
        kafka.createTopic(FRAMES, config.cameras());
        kafka.createTopic(DETECTIONS, config.cameras());
        kafka.createTopic(REJECTED, 1);
        kafka.createTopic(OBJECTS, config.cameras());
        kafka.createTopic(ANALYTICS.zoneEvents(), config.cameras());
        kafka.createTopic(ANALYTICS.lineCrossings(), config.cameras());
        kafka.createTopic(ANALYTICS.counts(), config.cameras());
        kafka.createTopic(ANALYTICS.cameraConfigs(), 1,
                Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        console.println("demo: Kafka broker (KRaft, in this JVM) at " + kafka.bootstrapServers());
        publishLayouts();

        ViewerConfig viewing = new ViewerConfig(kafka.bootstrapServers(), FRAMES, DETECTIONS, REJECTED, OBJECTS,
                ANALYTICS, config.bindAddress(), config.viewerPort(), Map.of());
        TopicReader reader = new TopicReader(viewing, view);
        Thread readerThread = new Thread(reader, "viewer-topics");
        readerThread.setDaemon(true);
        readerThread.start();
        started.add(() -> {
            reader.close();
            readerThread.join(TimeUnit.SECONDS.toMillis(10));
        });
        Map<String, String> links = new LinkedHashMap<>();
        if (config.webUiPort() > 0) {
            links.put("Flink web UI", webUi());
        }
        viewer = new ViewerServer(viewing, view, links);
        started.add(viewer);

        JobConfig jobConfig = jobConfig();
        // the job runs in this JVM and shares loaded models: loading it here first keeps the cameras' first frames
        // from waiting in Kafka for the model, which showed as seconds of latency in the first summaries
        SharedDetectors.Lease model = SharedDetectors.acquire(DetectorSettings.of(jobConfig));
        started.add(model);
        console.println("demo: model loaded (" + config.model() + ")");
        job = startJob(jobConfig);
        started.add(() -> job.cancel().get(30, TimeUnit.SECONDS));
        console.println("demo: detection job running (" + config.model() + ")"
                + (config.webUiPort() > 0 ? ", Flink web UI at " + webUi() : ""));

        publisher = new FramePublisher(new PublisherConfig(kafka.bootstrapServers(), FRAMES, Map.of()));
        started.add(publisher);
        for (int camera = 1; camera <= config.cameras(); camera++) {
            // a fresh broker every time: sequence numbers can start at 0 without colliding with an earlier run
            FeedSettings settings = FeedSettings.DEFAULTS.withCameraId(cameraId(camera)).withFps(config.fps())
                    .withFirstSequence(0);
            cameraIds.add(settings.cameraId());
            CameraFeed feed = new CameraFeed(settings, syntheticCamera(camera), publisher);
            Thread thread = new Thread(feed, settings.cameraId());
            thread.setDaemon(true);
            feeds.add(feed);
            feedThreads.add(thread);
            thread.start();
        }
        console.println("demo: " + config.cameras() + " synthetic cameras at " + config.fps() + " fps ("
                + config.frameWidth() + "x" + config.frameHeight() + ")");
        console.println("demo: live viewer at " + viewer.address());
    }

    /** The scene camera {@code number} films; its scene's clock starts now. */
    private SyntheticCameraSource syntheticCamera(int number) {
        return new SyntheticCameraSource(config.frameWidth(), config.frameHeight(), config.objectsPerCamera(), number);
    }

    /**
     * Publishes each camera's zone and line ({@link DemoLayout}) before the job starts, so the job applies them from
     * the cameras' first frames.
     */
    private void publishLayouts() throws Exception {
        Map<String, Object> properties = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int camera = 1; camera <= config.cameras(); camera++) {
                String cameraId = cameraId(camera);
                CameraConfig layout = DemoLayout.of(syntheticCamera(camera).scene(), config.fps());
                byte[] value = CAMERA_CONFIGS.encode(CameraConfigs.toRecord(cameraId, layout, Instant.now()));
                producer.send(new ProducerRecord<>(ANALYTICS.cameraConfigs(),
                        cameraId.getBytes(StandardCharsets.UTF_8), value)).get();
            }
        }
        console.println("demo: one zone and one counting line per camera, where its objects walk (topic "
                + ANALYTICS.cameraConfigs() + ")");
    }

    private static String cameraId(int number) {
        return "camera-" + number;
    }

    /** Flink's web UI as a browser on this machine reaches it. */
    private String webUi() throws UnknownHostException {
        InetAddress bound = InetAddress.getByName(config.bindAddress());
        String host = bound.isAnyLocalAddress() ? "localhost"
                : bound instanceof Inet6Address ? "[" + bound.getHostAddress() + "]" : bound.getHostAddress();
        return "http://" + host + ":" + config.webUiPort() + "/";
    }

    private JobConfig jobConfig() {
        return JobConfig.builder(kafka.bootstrapServers(), config.model())
                .topics(FRAMES, DETECTIONS, REJECTED)
                .thresholds(new ThresholdOverrides(config.scoreThreshold(), null, null, null))
                // the job's own freshness limit, so a machine too slow for the cameras shows live pictures and
                // counts what it shed, rather than falling further behind; the model is loaded before the cameras
                // start, so their first frames do not wait for it
                .maxFrameAge(JobConfig.DEFAULTS.maxFrameAge(), true)
                .delivery(config.delivery(), config.checkpointInterval(), Duration.ofMinutes(10))
                .analytics(true, new CountingSettings(config.countWindow(), CountingSettings.DEFAULT_ALLOWED_LATENESS))
                .analyticsTopics(ANALYTICS.cameraConfigs(), ANALYTICS.zoneEvents(), ANALYTICS.lineCrossings(),
                        ANALYTICS.counts())
                .build();
    }

    private JobClient startJob(JobConfig jobConfig) throws Exception {
        Configuration flink = new Configuration();
        // Flink's scratch space goes under the demo's directory, so that closing removes it for certain
        flink.set(CoreOptions.TMP_DIRS, workDirectory.resolve("flink").toString());
        flink.set(WebOptions.TMP_DIR, workDirectory.resolve("flink-web").toString());
        StreamExecutionEnvironment env = LocalEnvironment.create(flink, config.webUiPort(), config.bindAddress());
        DetectionJob.build(env, jobConfig);
        JobClient client = env.executeAsync(DetectionJobMain.JOB_NAME);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline || client.getJobStatus().get().isGloballyTerminalState()) {
                throw new IllegalStateException("the detection job did not start: "
                        + client.getJobStatus().get());
            }
            Thread.sleep(100);
        }
        return client;
    }

    /**
     * Prints a summary line every {@code summaryInterval} until the configured duration has passed (forever when
     * it is zero) or {@link #stop()} or {@link #close()} is called, whichever is first.
     */
    public void runUntilDone() throws InterruptedException {
        // counted from here, once the cameras publish: starting the broker, the model and the job takes tens of seconds
        long end = config.duration().isZero() ? Long.MAX_VALUE : System.nanoTime() + config.duration().toNanos();
        while (true) {
            long wait = Math.min(config.summaryInterval().toNanos(), end - System.nanoTime());
            if (wait <= 0 || closing.await(wait, TimeUnit.NANOSECONDS) || System.nanoTime() >= end) {
                return;
            }
            console.println(summaryLine());
        }
    }

    /** Ends {@link #runUntilDone()} early, e.g. on Ctrl-C; safe from any thread, including a signal handler. */
    public void stop() {
        closing.countDown();
    }

    /** Where the viewer serves its page. */
    public URI viewerAddress() {
        return viewer.address();
    }

    /**
     * One line for the console: what the cameras published and what came out, over the recent window, and the
     * tracked objects created and ended, the line crossings and the zone entries so far.
     */
    public String summaryLine() {
        long published = 0;
        for (CameraFeed feed : feeds) {
            published += feed.stats().published();
        }
        LiveView.Statistics stats = view.statistics(System.currentTimeMillis());
        LiveView.ObjectCounts objects = view.objectCounts();
        LiveView.AnalyticsCounts analytics = view.analyticsCounts();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
        String address = viewer == null ? "not started" : viewer.address().toString();
        return String.format("demo %d:%02d | published %d frames | detected %d (%.1f frames/s), shed %d, rejected %d"
                + " | objects %d new, %d ended | line crossings %d in, %d out, zone entries %d"
                + " | end-to-end latency p50 %d ms, p95 %d ms | viewer %s",
                seconds / 60, seconds % 60, published, stats.events(), stats.eventsPerSecond(), stats.shed(),
                stats.rejected(),
                objects.created(), objects.ended(), analytics.crossingsIn(), analytics.crossingsOut(),
                analytics.zoneEntries(), stats.latencyP50Millis(), stats.latencyP95Millis(), address);
    }

    /**
     * Stops the cameras, waits for their last frames to come out of the job, reports whether every frame was
     * accounted for, then stops the job, the viewer and the broker and deletes the demo's directory. Safe to call
     * more than once and from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing.countDown();
        feeds.forEach(CameraFeed::stop);
        for (Thread thread : feedThreads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (publisher != null) {
            publisher.flush();
            reportAccounting();
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                console.println("demo: while stopping: " + e);
            }
        }
        deleteRecursively(workDirectory);
        console.println("demo: stopped; removed " + workDirectory);
    }

    /**
     * Whether every frame the demo's cameras published came out, counting only those cameras: anyone who can reach
     * the broker may publish to its topics, and their frames are no evidence about the demo's own.
     */
    private void reportAccounting() {
        long acknowledged = 0;
        long failed = 0;
        for (CameraFeed feed : feeds) {
            FeedStats stats = feed.stats();
            acknowledged += stats.acknowledged();
            failed += stats.failed();
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (detectedOfOwnCameras() + shedOfOwnCameras() + rejectedOfOwnCameras() < acknowledged
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        console.println(summaryLine());
        long detected = detectedOfOwnCameras();
        long shed = shedOfOwnCameras();
        long rejected = rejectedOfOwnCameras();
        long outstanding = acknowledged - detected - shed - rejected;
        String tally = detected + " detection events, " + shed + " shed as stale, " + rejected + " rejected";
        // at-least-once output may repeat a frame after a failure: more out than in still accounts for every frame
        console.println(outstanding <= 0 && failed == 0
                ? "demo: all " + acknowledged + " frames accounted for: " + tally
                : "demo: " + acknowledged + " frames published, " + tally + ", " + outstanding
                        + " still in flight at the stop, " + failed + " not published");
        reportAnalytics();
        if (shed > 0) {
            console.println("demo: this machine could not keep up with " + config.cameras() + " cameras at "
                    + config.fps() + " fps; try fewer --cameras or a lower --fps");
        }
    }

    /** The line crossings and zone entries of the demo's own cameras, and how many cameras' lines were crossed. */
    private void reportAnalytics() {
        long in = 0;
        long out = 0;
        long crossed = 0;
        long entries = 0;
        for (String camera : cameraIds) {
            Collection<LiveView.LineTally> lines = view.crossingsOf(camera).values();
            in += lines.stream().mapToLong(LiveView.LineTally::in).sum();
            out += lines.stream().mapToLong(LiveView.LineTally::out).sum();
            crossed += lines.isEmpty() ? 0 : 1;
            entries += view.zoneEntriesOf(camera);
        }
        console.println("demo: line crossings " + in + " in, " + out + " out (lines of " + crossed + " of "
                + cameraIds.size() + " cameras crossed), zone entries " + entries);
    }

    private long detectedOfOwnCameras() {
        return cameraIds.stream().mapToLong(view::eventsOf).sum();
    }

    private long shedOfOwnCameras() {
        return cameraIds.stream().mapToLong(view::shedOf).sum();
    }

    private long rejectedOfOwnCameras() {
        return cameraIds.stream().mapToLong(view::rejectedOf).sum();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the demo's directory " + directory, e);
        }
    }
}
