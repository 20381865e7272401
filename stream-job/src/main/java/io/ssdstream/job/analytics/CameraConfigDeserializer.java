package io.ssdstream.job.analytics;

import io.ssdstream.job.frame.SourcePosition;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads camera-configs records as they are: decoding and validation happen in {@link CameraConfigValidator}, which
 * can dead-letter what it refuses. Never throws, so a bad record cannot fail the source.
 */
public final class CameraConfigDeserializer implements KafkaRecordDeserializationSchema<ConfigMessage> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ConfigMessage> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        out.collect(new ConfigMessage(key, record.value(),
                new SourcePosition(record.topic(), record.partition(), record.offset())));
    }

    @Override
    public TypeInformation<ConfigMessage> getProducedType() {
        return TypeInformation.of(ConfigMessage.class);
    }
}
