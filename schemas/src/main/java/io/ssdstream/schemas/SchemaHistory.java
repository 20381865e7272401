package io.ssdstream.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.avro.message.SchemaStore;

/**
 * The released versions of one contract, v1 first, as shipped in this jar under
 * {@code io/ssdstream/schemas/history/<RecordName>/v<N>.avsc} (source folder {@code src/main/avro-history}).
 *
 * <p>A released version is frozen: data written with it may sit in a topic for years, so readers keep every
 * version to resolve such data into their own schema. Versions are numbered from 1 without gaps; loading stops at
 * the first missing number, and the build checks that no file lies beyond a gap.
 */
public final class SchemaHistory {

    /** Classpath folder holding one subfolder of versions per record name. */
    public static final String RESOURCE_ROOT = "io/ssdstream/schemas/history/";

    private final String recordType;
    private final List<Schema> versions;

    private SchemaHistory(String recordType, List<Schema> versions) {
        this.recordType = recordType;
        this.versions = List.copyOf(versions);
    }

    /**
     * The released versions of the record type of {@code current}, loaded from the classpath.
     *
     * @throws IllegalStateException if the jar holds no v1 for it, or a version is not valid Avro or names another
     *         record type: both are packaging faults, not data faults
     */
    public static SchemaHistory of(Schema current) {
        String folder = RESOURCE_ROOT + current.getName() + "/";
        List<Schema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = folder + "v" + version + ".avsc";
            Schema schema = load(resource);
            if (schema == null) {
                break;
            }
            if (!schema.getFullName().equals(current.getFullName())) {
                throw new IllegalStateException(resource + " defines " + schema.getFullName() + ", expected "
                        + current.getFullName());
            }
            versions.add(schema);
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no released version of " + current.getFullName()
                    + " on the classpath: expected " + folder + "v1.avsc");
        }
        return new SchemaHistory(current.getFullName(), versions);
    }

    /** Full name of the record type, for example {@code io.ssdstream.schemas.VideoFrame}. */
    public String recordType() {
        return recordType;
    }

    /** Every released version, v1 at index 0. */
    public List<Schema> versions() {
        return versions;
    }

    /** The most recently released version. */
    public Schema latest() {
        return versions.get(versions.size() - 1);
    }

    /**
     * A new store of writer schemas holding every released version, for {@link WireCodec#forRecord(Class,
     * SchemaStore)}; add versions newer than this jar to it to read producers that upgraded first.
     */
    public SchemaStore.Cache writerSchemaStore() {
        SchemaStore.Cache store = new SchemaStore.Cache();
        versions.forEach(store::addSchema);
        return store;
    }

    private static Schema load(String resource) {
        try (InputStream in = SchemaHistory.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read released schema " + resource, e);
        } catch (SchemaParseException e) {
            throw new IllegalStateException("released schema " + resource + " is not valid Avro: " + e.getMessage(),
                    e);
        }
    }
}
