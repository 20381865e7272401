package io.ssdstream.demo.viewer;

import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link LiveView} from the frames, detections, dead-letter and objects topics, read from their ends as a
 * read_committed consumer without a group: the viewer watches, it never takes part in the job's offsets.
 * Records that do not decode are counted in the view and logged once.
 */
public final class TopicReader implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final WireCodec<VideoFrame> FRAMES = WireCodec.forRecord(VideoFrame.class);
    private static final WireCodec<DetectionEvent> DETECTIONS = WireCodec.forRecord(DetectionEvent.class);
    private static final WireCodec<FrameRejected> REJECTIONS = WireCodec.forRecord(FrameRejected.class);
    private static final WireCodec<ObjectEvent> OBJECTS = WireCodec.forRecord(ObjectEvent.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ViewerConfig config;
    private final LiveView view;
    private boolean reportedUndecodable;

    /**
     * Assigns every partition of the topics at their current ends, so nothing published later is missed. The
     * objects topic is left out, with a warning, if it does not exist (a job without tracking).
     */
    public TopicReader(ViewerConfig config, LiveView view) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ssd-stream-viewer");
        properties.putAll(config.kafkaProperties());
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.config = config;
        this.view = view;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(config.framesTopic(), config.detectionsTopic(), config.deadLetterTopic())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalArgumentException("topic '" + topic + "' does not exist on "
                        + config.bootstrapServers());
            }
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        List<PartitionInfo> objects = consumer.partitionsFor(config.objectsTopic(), Duration.ofSeconds(30));
        if (objects == null || objects.isEmpty()) {
            LOG.warn("Viewer lists no objects: topic '{}' does not exist on {} (is the job tracking?)",
                    config.objectsTopic(), config.bootstrapServers());
        } else {
            objects.forEach(info -> partitions.add(new TopicPartition(config.objectsTopic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    @Override
    public void run() {
        try {
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    accept(record);
                }
            }
        } catch (WakeupException e) {
            // close() asked the poll loop to end
        } finally {
            consumer.close();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(config.framesTopic())) {
                view.onFrame(FRAMES.decode(record.value()));
            } else if (record.topic().equals(config.detectionsTopic())) {
                view.onDetections(DETECTIONS.decode(record.value()), System.currentTimeMillis());
            } else if (record.topic().equals(config.objectsTopic())) {
                view.onObject(OBJECTS.decode(record.value()));
            } else {
                view.onRejected(REJECTIONS.decode(record.value()));
            }
        } catch (WireFormatException e) {
            view.onUndecodable();
            if (!reportedUndecodable) {
                reportedUndecodable = true;
                LOG.warn("Viewer skips a record of {}-{} at offset {} that does not decode: {} (further ones are"
                        + " only counted)", record.topic(), record.partition(), record.offset(), e.getMessage());
            }
        }
    }

    /** Ends {@link #run()} from another thread; the consumer closes on the reading thread. */
    @Override
    public void close() {
        consumer.wakeup();
    }
}
