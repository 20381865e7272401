package io.ssdstream.job.kafka;

import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a record in Avro single-object encoding to a topic, keyed by camera id so each camera's events stay in
 * one partition, in order. A record without a camera id (a dead letter of unreadable bytes) keeps the key it was
 * read with, when there was one.
 */
public final class KeyedAvroSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final String topic;
    private final SerializableFunction<T, String> keyOf;
    private transient WireCodec<T> codec;

    public KeyedAvroSerializer(Class<T> type, String topic, SerializableFunction<T, String> keyOf) {
        this.type = type;
        this.topic = topic;
        this.keyOf = keyOf;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = WireCodec.forRecord(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String key = keyOf.apply(element);
        try {
            return new ProducerRecord<>(topic, null, timestamp,
                    key == null ? null : key.getBytes(StandardCharsets.UTF_8), codec.encode(element));
        } catch (WireFormatException e) {
            // our own records always match their schema; failing loudly here is a bug report, not a bad frame
            throw new IllegalStateException("cannot encode a " + type.getSimpleName() + " for " + topic, e);
        }
    }
}
