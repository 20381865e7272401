package io.ssdstream.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.trainer.data.ImageFileDataset.Entry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A dataset described by a COCO detection JSON file ({@code images}, {@code annotations} with {@code bbox} as
 * x, y, width, height and {@code iscrowd}, {@code categories}), images under a directory by {@code file_name}.
 *
 * <p>Categories become contiguous labels 1..K in ascending category id (or follow a fixed class list by name),
 * so a sparse id space like COCO's 91 does not turn into empty classifier outputs. Images without annotations
 * stay: for SSD they are all-background examples. The file is read into memory whole, which suits camera datasets
 * of up to a few hundred thousand annotations. A malformed field fails with its JSON pointer named.
 */
public final class CocoDataset {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CocoDataset() {}

    /**
     * Opens the annotation file {@code json} with its images under {@code imageDirectory}.
     *
     * @param fixedClasses the classes to label with; when empty, the file's categories in ascending id
     */
    public static DetectionDataset open(Path json, Path imageDirectory, Optional<ClassList> fixedClasses)
            throws IOException {
        if (!Files.isRegularFile(json)) {
            throw new NoSuchFileException(json.toString(), null, "COCO annotation file not found");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json.toFile());
        } catch (JsonProcessingException e) {
            throw new AnnotationFormatException(json, "line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr(), "not valid JSON: " + e.getOriginalMessage());
        }
        Fields fields = new Fields(json);
        Map<Long, String> categories = new TreeMap<>();
        JsonNode categoryArray = fields.array(root, "", "categories");
        for (int i = 0; i < categoryArray.size(); i++) {
            String at = "/categories/" + i;
            long id = fields.integer(categoryArray.get(i), at, "id");
            if (categories.put(id, fields.text(categoryArray.get(i), at, "name")) != null) {
                throw new AnnotationFormatException(json, at + "/id", "category id " + id + " appears twice");
            }
        }
        ClassList classes = fixedClasses.orElseGet(() -> ClassList.ofObjects(categories.values()));
        Map<Long, Integer> labelOfCategory = new HashMap<>();
        for (Map.Entry<Long, String> category : categories.entrySet()) {
            classes.label(category.getValue()).ifPresent(label -> labelOfCategory.put(category.getKey(), label));
        }

        Map<Long, String> fileOfImage = new LinkedHashMap<>();
        JsonNode imageArray = fields.array(root, "", "images");
        for (int i = 0; i < imageArray.size(); i++) {
            String at = "/images/" + i;
            long id = fields.integer(imageArray.get(i), at, "id");
            if (fileOfImage.put(id, fields.text(imageArray.get(i), at, "file_name")) != null) {
                throw new AnnotationFormatException(json, at + "/id", "image id " + id + " appears twice");
            }
        }
        Map<Long, List<Annotation>> objectsOfImage = new HashMap<>();
        JsonNode annotationArray = fields.array(root, "", "annotations");
        for (int i = 0; i < annotationArray.size(); i++) {
            String at = "/annotations/" + i;
            JsonNode annotation = annotationArray.get(i);
            long imageId = fields.integer(annotation, at, "image_id");
            if (!fileOfImage.containsKey(imageId)) {
                throw new AnnotationFormatException(json, at + "/image_id", "no image has id " + imageId);
            }
            long categoryId = fields.integer(annotation, at, "category_id");
            Integer label = labelOfCategory.get(categoryId);
            if (label == null) {
                throw new AnnotationFormatException(json, at + "/category_id", categories.containsKey(categoryId)
                        ? "category '" + categories.get(categoryId) + "' is not one of " + classes.names()
                        : "no category has id " + categoryId);
            }
            PixelBox box = fields.box(annotation, at);
            boolean crowd = annotation.path("iscrowd").asInt(0) == 1;
            objectsOfImage.computeIfAbsent(imageId, k -> new ArrayList<>()).add(new Annotation(label, box, false, crowd));
        }
        List<Entry> entries = new ArrayList<>(fileOfImage.size());
        fileOfImage.forEach((id, file) -> entries.add(new Entry(Long.toString(id), imageDirectory.resolve(file),
                objectsOfImage.getOrDefault(id, List.of()))));
        return new ImageFileDataset("coco:" + json + ":" + imageDirectory, classes, List.copyOf(entries));
    }

    /** Typed access to JSON fields that reports a missing or mistyped one by its JSON pointer. */
    private record Fields(Path file) {

        private JsonNode field(JsonNode node, String at, String name) throws AnnotationFormatException {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new AnnotationFormatException(file, at + "/" + name, "field is missing");
            }
            return value;
        }

        JsonNode array(JsonNode node, String at, String name) throws AnnotationFormatException {
            JsonNode value = field(node, at, name);
            if (!value.isArray()) {
                throw new AnnotationFormatException(file, at + "/" + name, "must be an array");
            }
            return value;
        }

        long integer(JsonNode node, String at, String name) throws AnnotationFormatException {
            JsonNode value = field(node, at, name);
            if (!value.isIntegralNumber()) {
                throw new AnnotationFormatException(file, at + "/" + name, "must be an integer, got " + value);
            }
            return value.asLong();
        }

        String text(JsonNode node, String at, String name) throws AnnotationFormatException {
            JsonNode value = field(node, at, name);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new AnnotationFormatException(file, at + "/" + name, "must be a non-empty string, got " + value);
            }
            return value.asText();
        }

        PixelBox box(JsonNode node, String at) throws AnnotationFormatException {
            JsonNode bbox = array(node, at, "bbox");
            String where = at + "/bbox";
            if (bbox.size() != 4) {
                throw new AnnotationFormatException(file, where, "must hold 4 numbers (x, y, width, height), got "
                        + bbox.size());
            }
            float[] v = new float[4];
            for (int k = 0; k < 4; k++) {
                if (!bbox.get(k).isNumber() || !Double.isFinite(bbox.get(k).asDouble())) {
                    throw new AnnotationFormatException(file, where + "/" + k, "must be a number, got " + bbox.get(k));
                }
                v[k] = (float) bbox.get(k).asDouble();
            }
            if (v[2] < 0 || v[3] < 0) {
                throw new AnnotationFormatException(file, where, "width and height must not be negative, got "
                        + v[2] + " x " + v[3]);
            }
            return PixelBox.ofCorner(v[0], v[1], v[2], v[3]);
        }
    }
}
