package io.ssdstream.job.kafka;

import io.ssdstream.job.frame.IncomingFrame;
import io.ssdstream.job.frame.SourcePosition;
import io.ssdstream.schemas.RejectReason;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads frames-topic records into {@link IncomingFrame}s. It never throws and never drops: bytes that are not a
 * {@code VideoFrame} in Avro single-object encoding (of any released schema version) become an undecodable
 * incoming frame, which the validator dead-letters with the reason docs/contracts.md gives for the failure:
 * SCHEMA_MISMATCH for a well-formed message of an unknown or incompatible writer schema, UNDECODABLE for the rest
 * (tombstones, empty values, bad magic, truncated or malformed datums, trailing bytes).
 */
public final class FrameDeserializer implements KafkaRecordDeserializationSchema<IncomingFrame> {

    private static final long serialVersionUID = 1L;

    private transient WireCodec<VideoFrame> codec;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = WireCodec.forRecord(VideoFrame.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IncomingFrame> out) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        SourcePosition position = new SourcePosition(record.topic(), record.partition(), record.offset());
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            out.collect(IncomingFrame.of(codec.decode(value), value, key, position, record.timestamp()));
        } catch (WireFormatException e) {
            // decoding never raises UNENCODABLE, the one reason without a dead-letter code
            RejectReason reason = e.reason().deadLetterReason().orElseThrow();
            out.collect(IncomingFrame.undecodable(reason, e.getMessage(), value, key, position, record.timestamp()));
        }
    }

    @Override
    public TypeInformation<IncomingFrame> getProducedType() {
        return TypeInformation.of(IncomingFrame.class);
    }
}
