package io.ssdstream.producer.publish;

import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link VideoFrame}s to the frames topic in the wire format the detection job reads, keyed by camera id so
 * that a camera's frames share a partition and keep their order. Idempotent, acknowledged by all in-sync replicas:
 * a retried send neither duplicates nor reorders a frame. Thread-safe; feeds share one publisher.
 */
public final class FramePublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FramePublisher.class);
    private static final WireCodec<VideoFrame> CODEC = WireCodec.forRecord(VideoFrame.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    /** Each kind of failure is logged once; the feeds count every one. */
    private final Set<Class<?>> reportedFailures = ConcurrentHashMap.newKeySet();

    public FramePublisher(PublisherConfig config) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // frames are already JPEG: compression would cost CPU for nothing; a short linger batches cameras together
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "ssd-stream-producer");
        // a live feed is better served by a frame that fails fast than one that waits minutes behind a dead broker
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, PublisherConfig.SEND_BLOCK_TIMEOUT.toMillis());
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) PublisherConfig.REQUEST_TIMEOUT.toMillis());
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) PublisherConfig.DELIVERY_TIMEOUT.toMillis());
        properties.putAll(config.kafkaProperties());
        this.producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
        this.topic = config.topic();
    }

    /**
     * Sends one frame without waiting for the broker.
     *
     * @param acknowledged called from the producer's I/O thread with null once the broker has the frame, or with
     *        the reason it will never have it
     */
    public void publish(VideoFrame frame, Consumer<Exception> acknowledged) {
        byte[] value;
        try {
            value = CODEC.encode(frame);
        } catch (WireFormatException e) {
            acknowledged.accept(e);
            return;
        }
        producer.send(new ProducerRecord<>(topic, frame.getCameraId(), value), (metadata, failure) -> {
            if (failure != null && reportedFailures.add(failure.getClass())) {
                LOG.warn("Frame {}/{} not published to {}: {} (further failures of this kind are only counted)",
                        frame.getCameraId(), frame.getFrameSequence(), topic, failure.toString());
            }
            acknowledged.accept(failure);
        });
    }

    public String topic() {
        return topic;
    }

    /** Waits until every frame handed over so far is acknowledged or failed. */
    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
