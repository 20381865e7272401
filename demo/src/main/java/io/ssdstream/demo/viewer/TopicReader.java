package io.ssdstream.demo.viewer;

import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import io.ssdstream.schemas.ZoneEvent;
import java.nio.charset.StandardCharsets;
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
 * Feeds a {@link LiveView} from the frames, detections, dead-letter, objects and analytics topics, read as a
 * read_committed consumer without a group: the viewer watches, it never takes part in the job's offsets.
 * Records that do not decode are counted in the view and logged once.
 */
public final class TopicReader implements Runnable, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);
    private static final WireCodec<VideoFrame> FRAMES = WireCodec.forRecord(VideoFrame.class);
    private static final WireCodec<DetectionEvent> DETECTIONS = WireCodec.forRecord(DetectionEvent.class);
    private static final WireCodec<FrameRejected> REJECTIONS = WireCodec.forRecord(FrameRejected.class);
    private static final WireCodec<ObjectEvent> OBJECTS = WireCodec.forRecord(ObjectEvent.class);
    private static final WireCodec<CameraConfig> CAMERA_CONFIGS = WireCodec.forRecord(CameraConfig.class);
    private static final WireCodec<ZoneEvent> ZONE_EVENTS = WireCodec.forRecord(ZoneEvent.class);
    private static final WireCodec<LineCrossing> CROSSINGS = WireCodec.forRecord(LineCrossing.class);
    private static final WireCodec<CameraClassCounts> COUNTS = WireCodec.forRecord(CameraClassCounts.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final ViewerConfig config;
    private final LiveView view;
    private boolean reportedUndecodable;

    /**
     * Assigns every partition of the topics at their current ends, so nothing published later is missed, except the
     * camera configurations, read from their beginning since the latest one of each camera may be old. The objects
     * and analytics topics are left out, with a warning, if they do not exist (a job without tracking or
     * analytics).
     */
    public TopicReader(ViewerConfig config, LiveView view) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "ssd-stream-viewer");
        properties.putAll(config.kafkaProperties());
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.config = config;
        this.view = view;
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(config.framesTopic(), config.detectionsTopic(), config.deadLetterTopic())) {
            List<TopicPartition> found = partitionsOf(topic);
            if (found.isEmpty()) {
                consumer.close();
                throw new IllegalArgumentException("topic '" + topic + "' does not exist on "
                        + config.bootstrapServers());
            }
            partitions.addAll(found);
        }
        ViewerConfig.AnalyticsTopics analytics = config.analytics();
        partitions.addAll(optional(config.objectsTopic(), "no objects", "tracking"));
        partitions.addAll(optional(analytics.zoneEvents(), "no zone occupancy", "running analytics"));
        partitions.addAll(optional(analytics.lineCrossings(), "no line crossings", "running analytics"));
        partitions.addAll(optional(analytics.counts(), "no counts", "running analytics"));
        List<TopicPartition> configs = optional(analytics.cameraConfigs(), "no zones or lines",
                "any camera configured");
        partitions.addAll(configs);
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        consumer.seekToBeginning(configs);
        partitions.forEach(consumer::position);
    }

    private List<TopicPartition> partitionsOf(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    /** The topic's partitions, or none with a warning saying what the viewer will not show. */
    private List<TopicPartition> optional(String topic, String missing, String question) {
        List<TopicPartition> found = partitionsOf(topic);
        if (found.isEmpty()) {
            LOG.warn("Viewer shows {}: topic '{}' does not exist on {} (is the job {}?)", missing, topic,
                    config.bootstrapServers(), question);
        }
        return found;
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
        String topic = record.topic();
        ViewerConfig.AnalyticsTopics analytics = config.analytics();
        try {
            if (topic.equals(config.framesTopic())) {
                view.onFrame(FRAMES.decode(record.value()));
            } else if (topic.equals(config.detectionsTopic())) {
                view.onDetections(DETECTIONS.decode(record.value()), System.currentTimeMillis());
            } else if (topic.equals(config.objectsTopic())) {
                view.onObject(OBJECTS.decode(record.value()));
            } else if (topic.equals(analytics.cameraConfigs())) {
                if (record.key() != null) {
                    view.onCameraConfig(new String(record.key(), StandardCharsets.UTF_8),
                            record.value() == null ? null : CAMERA_CONFIGS.decode(record.value()));
                }
            } else if (topic.equals(analytics.zoneEvents())) {
                view.onZoneEvent(ZONE_EVENTS.decode(record.value()));
            } else if (topic.equals(analytics.lineCrossings())) {
                view.onLineCrossing(CROSSINGS.decode(record.value()));
            } else if (topic.equals(analytics.counts())) {
                view.onCounts(COUNTS.decode(record.value()));
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
