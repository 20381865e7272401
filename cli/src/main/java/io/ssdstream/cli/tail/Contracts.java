package io.ssdstream.cli.tail;

import io.ssdstream.schemas.CameraClassCounts;
import io.ssdstream.schemas.CameraConfig;
import io.ssdstream.schemas.DetectionEvent;
import io.ssdstream.schemas.FrameRejected;
import io.ssdstream.schemas.LineCrossing;
import io.ssdstream.schemas.ObjectEvent;
import io.ssdstream.schemas.SchemaHistory;
import io.ssdstream.schemas.SingleObjectHeader;
import io.ssdstream.schemas.VideoFrame;
import io.ssdstream.schemas.WireCodec;
import io.ssdstream.schemas.WireFormatException;
import io.ssdstream.schemas.ZoneEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * The product's wire contracts, told apart by the writer-schema fingerprint every message carries: one reader for
 * the frames, detections, dead-letter, counts and objects topics, whichever released schema version wrote them.
 */
final class Contracts {

    private static final List<Class<? extends SpecificRecordBase>> TYPES =
            List.of(VideoFrame.class, DetectionEvent.class, FrameRejected.class, CameraClassCounts.class,
                    ObjectEvent.class, CameraConfig.class, ZoneEvent.class, LineCrossing.class);

    private final Map<Long, WireCodec<? extends SpecificRecordBase>> byFingerprint = new HashMap<>();

    Contracts() {
        for (Class<? extends SpecificRecordBase> type : TYPES) {
            WireCodec<? extends SpecificRecordBase> codec = WireCodec.forRecord(type);
            byFingerprint.put(codec.fingerprint(), codec);
            SchemaHistory.of(codec.schema()).versions().forEach(released ->
                    byFingerprint.put(SchemaNormalization.parsingFingerprint64(released), codec));
        }
    }

    /**
     * The record a message holds, in the current schema of its type.
     *
     * @throws UndecodableMessage if it is not single-object Avro, names a schema of no contract, or does not decode
     */
    SpecificRecordBase decode(byte[] message) throws UndecodableMessage {
        try {
            long fingerprint = SingleObjectHeader.fingerprint(message, "contract record");
            WireCodec<? extends SpecificRecordBase> codec = byFingerprint.get(fingerprint);
            if (codec == null) {
                throw new UndecodableMessage(String.format(
                        "writer schema fingerprint 0x%016X is no released version of %s", fingerprint, knownTypes()));
            }
            return codec.decode(message);
        } catch (WireFormatException e) {
            throw new UndecodableMessage(e.getMessage());
        }
    }

    /** A message that holds no record of any contract. */
    static final class UndecodableMessage extends Exception {

        private static final long serialVersionUID = 1L;

        UndecodableMessage(String reason) {
            super(reason);
        }
    }

    private static String knownTypes() {
        return TYPES.stream().map(Class::getSimpleName).collect(Collectors.joining(", "));
    }
}
