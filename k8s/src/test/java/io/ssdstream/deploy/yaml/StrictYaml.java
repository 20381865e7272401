package io.ssdstream.deploy.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * YAML as strictly as the Kubernetes API server reads it: a duplicate key, an unknown field or a number where a
 * string belongs is an error, not a silent default.
 */
public final class StrictYaml {

    private static final YAMLMapper MAPPER = strictMapper();

    private StrictYaml() {
    }

    /** The mapper for binding trees to typed models. */
    public static YAMLMapper mapper() {
        return MAPPER;
    }

    /** Every document of a (multi-document) YAML file, empty documents skipped. */
    public static List<JsonNode> readDocuments(Path file) {
        try (JsonParser parser = MAPPER.createParser(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            MAPPER.readValues(parser, JsonNode.class).forEachRemaining(document -> {
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The single document of a YAML file. */
    public static JsonNode readDocument(Path file) {
        List<JsonNode> documents = readDocuments(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    private static YAMLMapper strictMapper() {
        YAMLMapper mapper = YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new StrictAnnotationIntrospector())
                .build();
        // the API server refuses `value: 9249` for a string field; Jackson would quietly turn it into "9249"
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
