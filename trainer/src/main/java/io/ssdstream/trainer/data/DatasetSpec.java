package io.ssdstream.trainer.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ssdstream.scenes.SceneStyle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names a dataset in one string, as the commands take it:
 * <ul>
 *   <li>{@code voc:DIR[:SPLIT]} — a Pascal VOC directory and image set (default {@code trainval});
 *   <li>{@code coco:ANNOTATIONS.json[:IMAGE_DIR]} — a COCO detection file and its images (default: the
 *       directory of the JSON file);
 *   <li>{@code synthetic:COUNT[:SEED[:STYLE]]} — procedural scenes (default seed 0, style {@code standard}, or
 *       {@code simple}).
 * </ul>
 */
public record DatasetSpec(Kind kind, String location, Optional<String> option) {

    public enum Kind { VOC, COCO, SYNTHETIC }

    public DatasetSpec {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("dataset location must not be blank");
        }
    }

    @JsonCreator
    public static DatasetSpec parse(String spec) {
        String[] parts = spec.split(":", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("dataset '" + spec + "' must be voc:DIR[:SPLIT], "
                    + "coco:ANNOTATIONS.json[:IMAGE_DIR] or synthetic:COUNT[:SEED[:STYLE]]");
        }
        Kind kind = switch (parts[0]) {
            case "voc" -> Kind.VOC;
            case "coco" -> Kind.COCO;
            case "synthetic" -> Kind.SYNTHETIC;
            default -> throw new IllegalArgumentException("dataset '" + spec + "': unknown format '" + parts[0]
                    + "' (voc, coco or synthetic)");
        };
        Optional<String> option = parts.length == 3 && !parts[2].isBlank() ? Optional.of(parts[2]) : Optional.empty();
        DatasetSpec parsed = new DatasetSpec(kind, parts[1], option);
        if (kind == Kind.SYNTHETIC) {
            parsed.syntheticCount();
            parsed.syntheticSeed();
            parsed.syntheticStyle();
        }
        return parsed;
    }

    /**
     * Opens the dataset.
     *
     * @param fixedClasses the class list to label with (a model's, or the training set's for a validation set);
     *     when empty, the dataset's own
     */
    public DetectionDataset open(Optional<ClassList> fixedClasses) throws IOException {
        return switch (kind) {
            case VOC -> VocDataset.open(Path.of(location), option.orElse("trainval"), fixedClasses);
            case COCO -> {
                Path json = Path.of(location);
                Path parent = json.toAbsolutePath().getParent();
                yield CocoDataset.open(json, option.map(Path::of).orElse(parent), fixedClasses);
            }
            case SYNTHETIC -> {
                SyntheticScenes scenes = new SyntheticScenes(syntheticCount(), syntheticSeed(), syntheticStyle());
                if (fixedClasses.isPresent() && !fixedClasses.get().names().equals(scenes.classes().names())) {
                    throw new IllegalArgumentException("synthetic scenes have the classes " + scenes.classes().names()
                            + ", not " + fixedClasses.get().names());
                }
                yield scenes;
            }
        };
    }

    private int syntheticCount() {
        try {
            return Integer.parseInt(location);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset 'synthetic:" + location + "': COUNT must be an integer");
        }
    }

    private long syntheticSeed() {
        try {
            return option.map(o -> Long.parseLong(o.split(":", 2)[0])).orElse(0L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset 'synthetic:" + location + ":" + option.get()
                    + "': SEED must be an integer");
        }
    }

    private SceneStyle syntheticStyle() {
        String[] seedAndStyle = option.orElse("").split(":", 2);
        return seedAndStyle.length == 2 ? SceneStyle.named(seedAndStyle[1]) : SceneStyle.STANDARD;
    }

    /** The spec as the commands take it, and as configurations store it. */
    @JsonValue
    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location + option.map(o -> ":" + o).orElse("");
    }
}
