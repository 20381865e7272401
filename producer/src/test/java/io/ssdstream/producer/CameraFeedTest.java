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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

/** Feeds publishing to a real broker: what lands in the topic, and how each kind of source is paced. */
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
        long started = System.nanoTime();
        FeedStats stats = runFeed(settings, new SyntheticCameraSource(320, 240, 3, 4), topic);
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(stats).isEqualTo(new FeedStats("gate-1", 10, 0, 10, 10, 0));
        assertThat(seconds).as("10 frames at 20 fps take 9 intervals").isGreaterThan(0.44);
        List<ConsumerRecord<String, byte[]>> records = read(topic, 10);
        for (int i = 0; i < records.size(); i++) {
            assertThat(records.get(i).key()).isEqualTo("gate-1");
            VideoFrame frame = CODEC.decode(records.get(i).value());
            assertThat(frame.getFrameSequence()).isEqualTo(100 + i);
            assertThat(frame.getEncoding()).isEqualTo(FrameEncoding.JPEG);
            assertThat(frame.getCaptureTimeSource()).isEqualTo(CaptureTimeSource.CAMERA);
            assertThat(frame.getMetadata()).containsEntry("site", "north");
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame.getImage().array()));
            assertThat(image.getWidth()).isEqualTo(frame.getWidth()).isEqualTo(320);
            assertThat(image.getHeight()).isEqualTo(frame.getHeight()).isEqualTo(240);
        }
    }

    @Test
    void keepsEveryNthPictureWhenAskedToSkip() throws Exception {
        String topic = newTopic();
        FeedStats stats = runFeed(FeedSettings.DEFAULTS.withFps(0).withKeepEvery(3).withMaxFrames(4),
                new TimedSource(FrameSource.Timing.ON_DEMAND, 0, 1000), topic);
        assertThat(stats.read()).isEqualTo(10);
        assertThat(stats.skipped()).isEqualTo(6);
        assertThat(read(topic, 4)).extracting(r -> CODEC.decode(r.value()).getCaptureTimeSource())
                .containsOnly(CaptureTimeSource.INGEST);
    }

    @Test
    void playsARecordingBackInRealTimeAndDropsWhatExceedsTheRate() throws Exception {
        // one second of a 25 fps recording, published at 10 fps
        TimedSource recording = new TimedSource(FrameSource.Timing.RECORDED, 0, 40_000).endingAfter(25);
        long started = System.nanoTime();
        FeedStats stats = runFeed(FeedSettings.DEFAULTS.withFps(10), recording, newTopic());
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(stats.read()).isEqualTo(25);
        assertThat(stats.published()).isEqualTo(10);
        assertThat(seconds).isBetween(0.85, 3.0);
    }

    @Test
    void keepsUpWithALiveCameraAndPublishesAtMostTheTargetRate() throws Exception {
        TimedSource camera = new TimedSource(FrameSource.Timing.LIVE, 20, 20_000).endingAfter(50);
        FeedStats stats = runFeed(FeedSettings.DEFAULTS.withFps(10), camera, newTopic());
        assertThat(stats.read()).isEqualTo(50);
        // 50 pictures 20 ms apart span one second: about 10 frames at 10 fps, however the scheduler jitters
        assertThat(stats.published()).isBetween(8L, 12L);
        assertThat(stats.published() + stats.skipped()).isEqualTo(50);
    }

    private static FeedStats runFeed(FeedSettings settings, FrameSource source, String topic) {
        try (FramePublisher publisher = new FramePublisher(
                new PublisherConfig(kafka.bootstrapServers(), topic, Map.of()))) {
            CameraFeed feed = new CameraFeed(settings, source, publisher);
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

    /** Small grey pictures with media timestamps a fixed step apart, delivered with a fixed real-time delay. */
    private static final class TimedSource implements FrameSource {

        private final Timing timing;
        private final long delayMillis;
        private final long stepMicros;
        private long remaining = Long.MAX_VALUE;
        private long index;

        TimedSource(Timing timing, long delayMillis, long stepMicros) {
            this.timing = timing;
            this.delayMillis = delayMillis;
            this.stepMicros = stepMicros;
        }

        TimedSource endingAfter(long pictures) {
            remaining = pictures;
            return this;
        }

        @Override
        public SourceFrame next() throws InterruptedException {
            if (remaining-- <= 0) {
                return null;
            }
            Thread.sleep(delayMillis);
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
}
