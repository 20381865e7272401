package io.ssdstream.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.kafka.local.LocalKafka;
import io.ssdstream.producer.publish.FramePublisher;
import io.ssdstream.producer.publish.PublisherConfig;
import io.ssdstream.producer.source.FrameSource;
import io.ssdstream.producer.source.SourceFrame;
import io.ssdstream.producer.source.SyntheticCameraSource;
import io.ssdstream.schemas.CaptureTimeSource;
import io.ssdstream.schemas.FrameEncoding;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds publishing to a real broker: what lands in the topic, and how each kind of source is paced. Pacing runs
 * on a {@link SimulatedClock}: waits advance it instead of sleeping, so the expected times are exact, whatever the
 * machine's load.
 */
class CameraFeedTest {

    private static final WireCodec<VideoFrame> CODEC = WireCodec.forRecord(VideoFrame.class);
    private static LocalKafka kafka;
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = LocalKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @Test
    void publishesJpegFramesOfASyntheticCameraInOrderAtTheTargetRate() throws Exception {
        String topic = newTopic();
        FeedSettings settings = FeedSettings.DEFAULTS.withCameraId("gate-1").withFps(20).withMaxFrames(10)
                .withFirstSequence(100).withMetadata(Map.of("site", "north"));
        SimulatedClock clock = new SimulatedClock();
        FeedStats stats = runFeed(settings, new SyntheticCameraSource(320, 240, 3, 4), topic, clock);

        assertThat(stats).isEqualTo(new FeedStats("gate-1", 10, 0, 10, 10, 0, 0));
        assertThat(clock.elapsed()).as("10 frames at 20 fps take 9 intervals").isEqualTo(Duration.ofMillis(450));
        List<ConsumerRecord<String, byte[]>> records = read(topic, 10);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).key()).isEqualTo("gate-1");
            VideoFrame frame = CODEC.decode(records.get(i).value());
            assertThat(frame.getFrameSequence()).isEqualTo(100 + i);
            assertThat(frame.getEncoding()).isEqualTo(FrameEncoding.JPEG);
            assertThat(frame.getCaptureTimeSource()).isEqualTo(CaptureTimeSource.CAMERA);
            assertThat(frame.getIngestTime()).isEqualTo(SimulatedClock.ORIGIN.plusMillis(50L * i));
            assertThat(frame.getMetadata()).containsEntry("site", "north");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.getImage().array()));
            assertThat(image.getWidth()).isEqualTo(frame.getWidth()).isEqualTo(320);
            assertThat(image.getHeight()).isEqualTo(frame.getHeight()).isEqualTo(240);
        }
    }

    @Test
    void keepsEveryNthPictureWhenAskedToSkip() throws Exception {
        String topic = newTopic();
        SimulatedClock clock = new SimulatedClock();
        FeedStats stats = runFeed(FeedSettings.DEFAULTS.withFps(0).withKeepEvery(3).withMaxFrames(4),
                new TimedSource(FrameSource.Timing.ON_DEMAND, 0, 1000, clock), topic, clock);
        assertThat(stats.read()).isEqualTo(10);
        assertThat(stats.skipped()).isEqualTo(6);
        assertThat(read(topic, 4)).extracting(r -> CODEC.decode(r.value()).getCaptureTimeSource())
                .containsOnly(CaptureTimeSource.INGEST);
    }

    @Test
    void playsARecordingBackInRealTimeAndDropsWhatExceedsTheRate() throws Exception {
        // one second of a 25 fps recording (a picture every 40 ms of media time), published at 10 fps
        String topic = newTopic();
        SimulatedClock clock = new SimulatedClock();
        TimedSource recording = new TimedSource(FrameSource.Timing.RECORDED, 0, 40_000, clock).endingAfter(25);
        FeedStats stats = runFeed(FeedSettings.DEFAULTS.withFps(10), recording, topic, clock);

        assertThat(stats.read()).isEqualTo(25);
        // a picture is published once it is at least 100 ms of media time after the slot of the previous one
        List<Long> expectedMillis = List.of(0L, 120L, 200L, 320L, 400L, 520L, 600L, 720L, 800L, 920L);
        assertThat(stats.published()).isEqualTo(expectedMillis.size());
        // each goes out when its media time has passed on the clock since the first: real-time playback
        assertThat(ingestMillis(read(topic, expectedMillis.size()))).isEqualTo(expectedMillis);
    }

    @Test
    void keepsUpWithALiveCameraAndPublishesAtMostTheTargetRate() throws Exception {
        String topic = newTopic();
        SimulatedClock clock = new SimulatedClock();
        // a picture every 20 ms for one second, published at 10 fps
        TimedSource camera = new TimedSource(FrameSource.Timing.LIVE, 20, 20_000, clock).endingAfter(50);
        FeedStats stats = runFeed(FeedSettings.DEFAULTS.withFps(10), camera, topic, clock);

        assertThat(stats.read()).isEqualTo(50);
        // the first picture (20 ms) goes out at once, then one each time a 100 ms slot has come round
        List<Long> expectedMillis = List.of(20L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 1000L);
        assertThat(stats.published()).isEqualTo(expectedMillis.size());
        assertThat(stats.published() + stats.skipped()).isEqualTo(50);
        assertThat(ingestMillis(read(topic, expectedMillis.size()))).isEqualTo(expectedMillis);
    }

    @Test
    void stopsPromptlyWhileWaitingForTheNextSlot() throws Exception {
        // the system clock: a feed at one frame a minute, stopped during its first wait, returns at once
        String topic = newTopic();
        try (FramePublisher publisher = new FramePublisher(
                new PublisherConfig(kafka.bootstrapServers(), topic, Map.of()))) {
            CameraFeed feed = new CameraFeed(FeedSettings.DEFAULTS.withFps(1.0 / 60),
                    new TimedSource(FrameSource.Timing.ON_DEMAND, 0, 1000, null), publisher);
            Thread runner = new Thread(feed);
            runner.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (feed.stats().published() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            feed.stop();
            runner.join(Duration.ofSeconds(10).toMillis());
            assertThat(runner.isAlive()).isFalse();
            assertThat(feed.stats().published()).isEqualTo(1);
        }
    }

    private static FeedStats runFeed(FeedSettings settings, FrameSource source, String topic, FeedClock clock) {
        try (FramePublisher publisher = new FramePublisher(
                new PublisherConfig(kafka.bootstrapServers(), topic, Map.of()))) {
            CameraFeed feed = new CameraFeed(settings, source, publisher, clock);
            feed.run();
            publisher.flush();
            return feed.stats();
        }
    }

    private static String newTopic() throws Exception {
        String topic = "frames-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 1);
        return topic;
    }

    /** Each record's ingest time in milliseconds after the simulated clock's origin. */
    private static List<Long> ingestMillis(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            millis.add(Duration.between(SimulatedClock.ORIGIN, CODEC.decode(r.value()).getIngestTime()).toMillis());
        }
        return millis;
    }

    private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
        Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            assertThat(records).hasSize(count);
            return records;
        }
    }

    /**
     * Small grey pictures with media timestamps a fixed step apart, each delivered after a fixed delay on the
     * simulated clock (or at once, without one).
     */
    private static final class TimedSource implements FrameSource {

        private final Timing timing;
        private final long delayMillis;
        private final long stepMicros;
        private final SimulatedClock clock;
        private long remaining = Long.MAX_VALUE;
        private long index;

        TimedSource(Timing timing, long delayMillis, long stepMicros, SimulatedClock clock) {
            this.timing = timing;
            this.delayMillis = delayMillis;
            this.stepMicros = stepMicros;
            this.clock = clock;
        }

        TimedSource endingAfter(long pictures) {
            remaining = pictures;
            return this;
        }

        @Override
        public SourceFrame next() {
            if (remaining-- <= 0) {
                return null;
            }
            if (clock != null) {
                clock.advance(Duration.ofMillis(delayMillis));
            }
            return new SourceFrame(new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR), stepMicros * index++,
                    null);
        }

        @Override
        public Timing timing() {
            return timing;
        }

        @Override
        public String describe() {
            return "test pictures";
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    /** Time that moves only when the feed waits or a source takes time to deliver. */
    private static final class SimulatedClock implements FeedClock {

        static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");

        private long nanos;

        @Override
        public synchronized Instant instant() {
            return ORIGIN.plusNanos(nanos);
        }

        @Override
        public synchronized long nanoTime() {
            return nanos;
        }

        @Override
        public synchronized boolean awaitStop(CountDownLatch stop, long deadlineNanos) {
            if (stop.getCount() == 0) {
                return true;
            }
            nanos = Math.max(nanos, deadlineNanos);
            return false;
        }

        synchronized void advance(Duration duration) {
            nanos += duration.toNanos();
        }

        synchronized Duration elapsed() {
            return Duration.ofNanos(nanos);
        }
    }
}
