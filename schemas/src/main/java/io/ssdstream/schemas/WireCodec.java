package io.ssdstream.schemas;

import io.ssdstream.schemas.WireFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes and reads the messages of one contract in Avro single-object encoding: a {@link SingleObjectHeader} naming
 * the writer schema by fingerprint, then the Avro binary datum.
 *
 * <p>Writing always uses this codec's schema. Reading looks the message's writer schema up by fingerprint (this
 * codec's own schema, else its store of writer schemas) and resolves the datum into this codec's schema, so data
 * written with any released version reads as the current one. Every way a message can be unreadable ends in a
 * {@link WireFormatException} naming the record type, the message length and the offending offset.
 *
 * <p>Instances are safe for concurrent use.
 *
 * @param <T> the datum type: a generated contract class, or {@link GenericRecord}
 */
public final class WireCodec<T> {

    private static final int INITIAL_BUFFER_BYTES = 256;

    private final Schema schema;
    private final long fingerprint;
    private final byte[] header;
    private final GenericData model;
    private final SchemaStore writerSchemas;
    private final DatumWriter<T> datumWriter;
    private final ConcurrentMap<Long, DatumReader<T>> readers = new ConcurrentHashMap<>();

    private WireCodec(Schema schema, GenericData model, SchemaStore writerSchemas) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("a wire contract is a record, got " + schema.getType() + " "
                    + schema.getFullName());
        }
        this.schema = schema;
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
        this.header = SingleObjectHeader.of(fingerprint);
        this.model = model;
        this.writerSchemas = Objects.requireNonNull(writerSchemas, "writerSchemas");
        this.datumWriter = datumWriter(model, schema);
        this.readers.put(fingerprint, datumReader(model, schema, schema));
    }

    /**
     * The codec of a generated contract class, reading data written with the current schema or any released
     * version of it ({@link SchemaHistory}).
     *
     * @throws IllegalStateException if this jar holds no released version of the type
     */
    public static <T extends SpecificRecord> WireCodec<T> forRecord(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        return new WireCodec<>(schema, model, SchemaHistory.of(schema).writerSchemaStore());
    }

    /**
     * The codec of a generated contract class, reading data written with the current schema or any schema in
     * {@code writerSchemas}: typically {@link SchemaHistory#writerSchemaStore()} plus versions newer than this jar,
     * which is how a consumer reads a producer that upgraded first.
     */
    public static <T extends SpecificRecord> WireCodec<T> forRecord(Class<T> type, SchemaStore writerSchemas) {
        SpecificData model = SpecificData.getForClass(type);
        return new WireCodec<>(model.getSchema(type), model, writerSchemas);
    }

    /**
     * A codec for generic records of any record schema, for tools that handle contracts without their generated
     * classes. Logical types come out as their underlying Avro types (a timestamp-millis as a {@code long}). Bounds
     * on garbage input assume every array item and map entry takes at least one byte, true for all contracts here.
     */
    public static WireCodec<GenericRecord> generic(Schema schema, SchemaStore writerSchemas) {
        return new WireCodec<>(schema, GenericData.get(), writerSchemas);
    }

    /** The schema this codec writes with and resolves every read into. */
    public Schema schema() {
        return schema;
    }

    /** CRC-64-AVRO fingerprint of {@link #schema()}'s Parsing Canonical Form, as carried in every header. */
    public long fingerprint() {
        return fingerprint;
    }

    /** The single-object message of one datum. */
    public byte[] encode(T datum) throws WireFormatException {
        if (datum == null) {
            throw WireFormatException.unencodable(schema.getFullName(), "cannot write a null datum", null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
        out.writeBytes(header);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            datumWriter.write(datum, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw WireFormatException.unencodable(schema.getFullName(), "datum does not fit the schema: " + e, e);
        }
        return out.toByteArray();
    }

    /**
     * The datum of one single-object message, resolved into {@link #schema()}.
     *
     * @throws WireFormatException if the message is empty, not single-object encoded, truncated, written with an
     *         unknown or incompatible schema, not a valid datum, or followed by extra bytes
     */
    public T decode(byte[] message) throws WireFormatException {
        long writerFingerprint = SingleObjectHeader.fingerprint(message, schema.getFullName());
        DatumReader<T> reader = readerFor(writerFingerprint, message.length);
        BoundedDecoder decoder = new BoundedDecoder(message, SingleObjectHeader.LENGTH);
        T datum;
        try {
            datum = reader.read(null, decoder);
        } catch (EOFException e) {
            String why = e.getMessage() == null ? "" : ": " + e.getMessage();
            throw failure(Reason.TRUNCATED, message, decoder.position(), "message ends inside the datum" + why, e);
        } catch (IOException | RuntimeException e) {
            throw failure(Reason.MALFORMED_DATUM, message, decoder.position(), String.format(
                    "datum is not valid under writer schema 0x%016X: %s", writerFingerprint, e), e);
        }
        if (!decoder.atEnd()) {
            throw failure(Reason.TRAILING_BYTES, message, decoder.position(),
                    (message.length - decoder.position()) + " bytes follow the end of the datum", null);
        }
        return datum;
    }

    private DatumReader<T> readerFor(long writerFingerprint, int messageLength) throws WireFormatException {
        DatumReader<T> known = readers.get(writerFingerprint);
        if (known != null) {
            return known;
        }
        Schema writer = writerSchemas.findByFingerprint(writerFingerprint);
        if (writer == null) {
            throw writerSchemaFailure(Reason.UNKNOWN_FINGERPRINT, messageLength, String.format(
                    "writer schema fingerprint 0x%016X is unknown: neither this reader's schema nor in its store of "
                            + "writer schemas (a producer on a newer schema version? consumers must learn a "
                            + "version before producers write it)", writerFingerprint));
        }
        Optional<String> incompatible = Incompatibilities.between(schema, writer);
        if (incompatible.isPresent()) {
            throw writerSchemaFailure(Reason.INCOMPATIBLE_SCHEMA, messageLength, String.format(
                    "data of writer schema 0x%016X (%s) cannot be read as this schema: %s",
                    writerFingerprint, writer.getFullName(), incompatible.get()));
        }
        DatumReader<T> reader = datumReader(model, writer, schema);
        DatumReader<T> raced = readers.putIfAbsent(writerFingerprint, reader);
        return raced == null ? reader : raced;
    }

    private WireFormatException writerSchemaFailure(Reason reason, int messageLength, String detail) {
        return new WireFormatException(reason, schema.getFullName(), messageLength,
                SingleObjectHeader.FINGERPRINT_OFFSET, detail, null);
    }

    private WireFormatException failure(Reason reason, byte[] message, int offset, String detail, Throwable cause) {
        return new WireFormatException(reason, schema.getFullName(), message.length, offset, detail, cause);
    }

    // The model builds datum writers and readers for the datum type this codec was created for.
    @SuppressWarnings("unchecked")
    private static <T> DatumWriter<T> datumWriter(GenericData model, Schema schema) {
        return (DatumWriter<T>) model.createDatumWriter(schema);
    }

    @SuppressWarnings("unchecked")
    private static <T> DatumReader<T> datumReader(GenericData model, Schema writer, Schema reader) {
        return (DatumReader<T>) model.createDatumReader(writer, reader);
    }
}
