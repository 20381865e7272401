package io.ssdstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.job.DetectionJob;
import io.ssdstream.job.DetectionJobMain;
import io.ssdstream.job.LocalEnvironment;
import io.ssdstream.job.config.DeliveryGuarantee;
import io.ssdstream.job.config.JobConfig;
import io.ssdstream.kafka.local.LocalKafka;
import io.ssdstream.scenes.MovingScene;
import io.ssdstream.scenes.SceneStyle;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cameras through {@code produce} and the detection job (Flink in this JVM, {@code models/demo}, a Kafka
 * broker in this JVM): an RTSP camera (GStreamer's RTSP server streaming H.264) killed mid-stream and started
 * again, an HTTP MJPEG camera, and an H.264 file played in real time. They all film the synthetic scene the demo
 * model was trained on. For each, every frame {@code produce} published is accounted for exactly once by the job,
 * as a detection event, a frame shed as stale or a rejected one, all read {@code read_committed}.
 */
class CamerasThroughTheJobIT {

    private static final Path MODEL = Path.of("..", "models", "demo");
    private static final String FRAMES = JobConfig.DEFAULTS.framesTopic();
    private static final String DETECTIONS = JobConfig.DEFAULTS.detectionsTopic();
    private static final String REJECTED = JobConfig.DEFAULTS.deadLetterTopic();
    private static final String OBJECTS = JobConfig.DEFAULTS.objectsTopic();
    private static final int WIDTH = 384;
    private static final int HEIGHT = 288;
    /** The cameras' own rate; produce publishes at most half of it from live cameras. */
    private static final int CAMERA_FPS = 10;
    private static final int PICTURES = 40;
    /**
     * How soon the RTSP camera's frames flow again once it is back, as docs/producer.md states it: the backoff in
     * force (1 s here, {@code --reconnect-max-backoff-ms}) plus opening the stream (about 0.8 s), with 1.2 s for a
     * loaded machine. Before the live probe was bounded, opening alone took about 3 s.
     */
    private static final Duration RECONNECT_BOUND = Duration.ofSeconds(3);
    private static final Duration OUTAGE = Duration.ofSeconds(2);

    @TempDir
    static Path scratch;

    private static LocalKafka kafka;
    private static JobClient job;
    private static Path pictures;

    @BeforeAll
    static void start() throws Exception {
        kafka = LocalKafka.start();
        kafka.createTopic(FRAMES, 3);
        kafka.createTopic(DETECTIONS, 3);
        kafka.createTopic(REJECTED, 1);
        kafka.createTopic(OBJECTS, 3);
        pictures = writePictures(scratch.resolve("pictures"));
        job = startJob();
        warmUp();
    }

    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get(30, TimeUnit.SECONDS);
        }
        kafka.close();
    }

    @Test
    void anRtspCameraKilledMidStreamIsReconnectedAndEveryFrameIsAccountedForOnce() throws Exception {
        boolean gstreamer = RtspCamera.available();
        if (!gstreamer) {
            System.err.println("CamerasThroughTheJobIT: GStreamer's RTSP server or its plugins are missing (the line"
                    + " above says which); the RTSP camera check is skipped (.ci/run installs them; see the README)");
        }
        Assumptions.assumeTrue(gstreamer, "GStreamer's RTSP server or its plugins are missing");
        String camera = "rtsp-gate";
        int frames = 40;
        try (RtspCamera rtsp = RtspCamera.start(freePort(), "gate", pictures, CAMERA_FPS)) {
            CompletableFuture<CliRun> produce = CompletableFuture.supplyAsync(() -> produce(camera, rtsp.url(),
                    "--fps", "5", "--max-frames", String.valueOf(frames), "--io-timeout-ms", "3000",
                    "--reconnect-max-backoff-ms", "1000"));
            readCommitted(List.of(FRAMES), records -> records.stream().filter(r -> isOf(camera, r)).count() >= 10
                    || produce.isDone(), false, Duration.ofSeconds(60));
            assertThat(produce).as("produce still running when the camera goes down").isNotDone();
            rtsp.kill();
            Instant killed = Instant.now();
            Thread.sleep(OUTAGE.toMillis());
            rtsp.restart();
            Instant back = Instant.now();

            CliRun run = produce.get(2, TimeUnit.MINUTES);
            List<VideoFrame> published = assertPublished(run, camera, frames);
            assertThat(run.out()).contains("0 failed, 1 reconnections");
            List<Instant> ingest = published.stream().map(VideoFrame::getIngestTime).sorted().toList();
            Instant lastBefore = ingest.stream().filter(t -> t.isBefore(killed)).reduce((a, b) -> b).orElseThrow();
            Instant firstAfter = ingest.stream().filter(t -> t.isAfter(back)).findFirst().orElseThrow();
            assertThat(ingest).as("no frame while the camera was down").noneMatch(t -> t.isAfter(killed.plusSeconds(1))
                    && t.isBefore(back));
            System.err.printf(Locale.ROOT, "CamerasThroughTheJobIT: RTSP camera down for %d ms; frames again %d ms"
                    + " after it was back (%d ms gap in the feed)%n", Duration.between(killed, back).toMillis(),
                    Duration.between(back, firstAfter).toMillis(), Duration.between(lastBefore, firstAfter).toMillis());
            assertThat(Duration.between(back, firstAfter)).as("reconnected after the camera came back")
                    .isLessThan(RECONNECT_BOUND);
            assertAccountedOnce(camera, published);
        }
    }

    @Test
    void anHttpMjpegCameraIsDetectedAndEveryFrameIsAccountedForOnce() throws Exception {
        String camera = "mjpeg-dock";
        int frames = 20;
        List<byte[]> jpegs = new ArrayList<>();
        for (int i = 0; i < PICTURES; i++) {
            jpegs.add(Files.readAllBytes(pictures.resolve(pictureName(i))));
        }
        try (MjpegCamera http = new MjpegCamera(jpegs, CAMERA_FPS)) {
            CliRun run = produce(camera, http.url(), "--fps", "5", "--max-frames", String.valueOf(frames));
            assertAccountedOnce(camera, assertPublished(run, camera, frames));
        }
    }

    @Test
    void anH264FileIsPlayedInRealTimeAndEveryFrameIsAccountedForOnce() throws Exception {
        String camera = "file-lobby";
        Path video = writeVideo(scratch.resolve("lobby.mp4"));
        CliRun run = produce(camera, video.toString(), "--fps", "0");
        List<VideoFrame> published = assertPublished(run, camera, PICTURES);
        List<Instant> ingest = published.stream().map(VideoFrame::getIngestTime).sorted().toList();
        Duration played = Duration.between(ingest.get(0), ingest.get(ingest.size() - 1));
        Duration recorded = Duration.ofMillis(1000L * (PICTURES - 1) / CAMERA_FPS);
        assertThat(played).as("played in real time, not as fast as it decodes")
                .isGreaterThanOrEqualTo(recorded.minusMillis(200));
        assertAccountedOnce(camera, published);
    }

    private static CliRun produce(String camera, String source, String... options) {
        List<String> args = new ArrayList<>(List.of("produce", "--bootstrap-servers", kafka.bootstrapServers(),
                "--camera-id", camera));
        args.addAll(List.of(options));
        args.add(source);
        return CliRun.of(args.toArray(String[]::new));
    }

    /**
     * The run's summary says {@code count} frames were published and acknowledged, and the frames topic holds
     * exactly those, numbered one after another with no number twice.
     */
    private static List<VideoFrame> assertPublished(CliRun run, String camera, int count) throws Exception {
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains(count + " published, " + count + " acknowledged, 0 failed, ");
        List<VideoFrame> published = readFrames(camera, frames -> frames.size() >= count, Duration.ofSeconds(30));
        List<Long> sequences = published.stream().map(VideoFrame::getFrameSequence).sorted().toList();
        assertThat(sequences).as("frame sequences of " + camera).containsExactlyElementsOf(
                LongStream.range(sequences.get(0), sequences.get(0) + count).boxed().toList());
        return published;
    }

    /**
     * Every published frame comes out of the job once: a detection event, or a dead letter (shed as stale when the
     * loaded machine fell behind, or rejected); some events hold the scene's objects.
     */
    private static void assertAccountedOnce(String camera, List<VideoFrame> published) throws Exception {
        WireCodec<DetectionEvent> events = WireCodec.forRecord(DetectionEvent.class);
        WireCodec<FrameRejected> deadLetters = WireCodec.forRecord(FrameRejected.class);
        List<DetectionEvent> detected = new ArrayList<>();
        List<FrameRejected> notDetected = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> out = readCommitted(List.of(DETECTIONS, REJECTED), records -> {
            detected.clear();
            notDetected.clear();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.topic().equals(DETECTIONS)) {
                    DetectionEvent event = events.decode(record.value());
                    if (event.getCameraId().equals(camera)) {
                        detected.add(event);
                    }
                } else {
                    FrameRejected rejected = deadLetters.decode(record.value());
                    if (rejected.getCameraId().equals(camera)) {
                        notDetected.add(rejected);
                    }
                }
            }
            return detected.size() + notDetected.size() >= published.size();
        }, true, Duration.ofSeconds(90));
        List<Long> accounted = new ArrayList<>();
        detected.forEach(event -> accounted.add(event.getFrameSequence()));
        notDetected.forEach(rejected -> accounted.add(rejected.getFrameSequence()));
        long shed = notDetected.stream().filter(r -> r.getReason() == RejectReason.STALE).count();
        long withObjects = detected.stream().filter(event -> !event.getDetections().isEmpty()).count();
        System.err.printf(Locale.ROOT, "CamerasThroughTheJobIT: %s: %d frames published; %d detection events (%d"
                + " with objects), %d shed as stale, %d rejected (%d records read)%n", camera, published.size(),
                detected.size(), withObjects, shed, notDetected.size() - shed, out.size());
        assertThat(accounted).as("the frames of " + camera + " the job accounted for")
                .containsExactlyInAnyOrderElementsOf(published.stream().map(VideoFrame::getFrameSequence).toList());
        assertThat(withObjects).as("events of " + camera + " with the scene's objects detected").isPositive();
    }

    private static List<VideoFrame> readFrames(String camera, Predicate<List<VideoFrame>> done, Duration timeout)
            throws Exception {
        WireCodec<VideoFrame> codec = WireCodec.forRecord(VideoFrame.class);
        List<VideoFrame> frames = new ArrayList<>();
        readCommitted(List.of(FRAMES), records -> {
            frames.clear();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (isOf(camera, record)) {
                    VideoFrame frame = codec.decode(record.value());
                    assertThat(frame.getCameraId()).as("the camera of a frame keyed " + camera).isEqualTo(camera);
                    frames.add(frame);
                }
            }
            return done.test(frames);
        }, true, timeout);
        return frames;
    }

    private static boolean isOf(String camera, ConsumerRecord<byte[], byte[]> frame) {
        return camera.equals(new String(frame.key(), StandardCharsets.UTF_8));
    }

    /**
     * What the topics hold from their beginnings, read_committed, once {@code done} holds (and with {@code toEnd},
     * everything up to their ends at that moment, so that a record there twice shows), or when the timeout passed.
     */
    private static List<ConsumerRecord<byte[], byte[]>> readCommitted(List<String> topics,
            ThrowingPredicate<List<ConsumerRecord<byte[], byte[]>>> done, boolean toEnd, Duration timeout)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic,
                        info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!(done.test(records) && (!toEnd || atEnd(consumer, partitions))) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }

    @FunctionalInterface
    private interface ThrowingPredicate<T> {
        boolean test(T value) throws Exception;
    }

    /** The detection job as {@code demo} runs it: exactly once, shedding frames older than 5 s as stale. */
    private static JobClient startJob() throws Exception {
        JobConfig config = JobConfig.builder(kafka.bootstrapServers(), MODEL)
                .topics(FRAMES, DETECTIONS, REJECTED)
                .maxFrameAge(JobConfig.DEFAULTS.maxFrameAge(), true)
                .delivery(DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(1), Duration.ofMinutes(10))
                .parallelism(1)
                .build();
        StreamExecutionEnvironment env = LocalEnvironment.create(new Configuration(), 0, LocalEnvironment.LOOPBACK);
        DetectionJob.build(env, config);
        JobClient client = env.executeAsync(DetectionJobMain.JOB_NAME);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            assertThat(System.nanoTime()).as("the job started within 2 minutes").isLessThan(deadline);
            assertThat(client.getJobStatus().get().isGloballyTerminalState()).as("the job failed").isFalse();
            Thread.sleep(100);
        }
        return client;
    }

    /**
     * One frame through the job before the cameras' frames, so that the model's first and slowest batch does not
     * age theirs past the freshness limit.
     */
    private static void warmUp() throws Exception {
        CliRun run = produce("warm-up", "synthetic", "--max-frames", "1", "--synthetic-size", WIDTH + "x" + HEIGHT);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(readCommitted(List.of(DETECTIONS, REJECTED), records -> !records.isEmpty(), false,
                Duration.ofMinutes(2)))
                .as("the warm-up frame came out of the job").isNotEmpty();
    }

    /** The synthetic scene as {@code PICTURES} JPEGs {@code 1/CAMERA_FPS} s apart, frame-00000.jpg on. */
    private static Path writePictures(Path directory) throws IOException {
        Files.createDirectories(directory);
        MovingScene scene = new MovingScene("it", WIDTH, HEIGHT, 3, SceneStyle.SIMPLE, 11);
        for (int i = 0; i < PICTURES; i++) {
            BufferedImage picture = scene.frame(i / (double) CAMERA_FPS).image().toBufferedImage();
            ImageIO.write(picture, "jpg", directory.resolve(pictureName(i)).toFile());
        }
        return directory;
    }

    private static String pictureName(int index) {
        return String.format(Locale.ROOT, "frame-%05d.jpg", index);
    }

    /** The pictures as an H.264 MP4 at {@code CAMERA_FPS}, as a recorder would store them. */
    private static Path writeVideo(Path file) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), WIDTH, HEIGHT, 0);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(CAMERA_FPS);
            recorder.setVideoBitrate(1_000_000);
            recorder.start();
            for (int i = 0; i < PICTURES; i++) {
                recorder.record(converter.convert(ImageIO.read(pictures.resolve(pictureName(i)).toFile())));
            }
            recorder.stop();
        }
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
