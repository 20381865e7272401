package io.ssdstream.trainer.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ssdstream.scenes.SceneStyle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Names a dataset in one string, as the commands take it:
 * <ul>
 *   <li>{@code voc:DIR[:SPLIT]} — a Pascal VOC directory and image set (default {@code trainval});
 *   <li>{@code coco:ANNOTATIONS.json[:IMAGE_DIR]} — a COCO detection file and its images (default: the
 *       directory of the JSON file);
 *   <li>{@code synthetic:COUNT[:SEED[:STYLE]]} — procedural scenes (default seed 0, style {@code standard}, or
 *       {@code simple});
 *   <li>{@code crossing:COUNT[:SEED]} — frames of crossing scenes ({@link CrossingFrames}, default seed 0);
 *   <li>{@code SPEC+SPEC[+...]} — the images of each, one after another (a {@link Kind#CONCATENATION} whose
 *       location is the whole text).
 * </ul>
 */
public record DatasetSpec(Kind kind, String location, Optional<String> option) {

    public enum Kind { VOC, COCO, SYNTHETIC, CROSSING, CONCATENATION }

    /** A {@code +} joins specs where a spec's format follows it, so a '+' inside a path stays in the path. */
    private static final Pattern JOIN = Pattern.compile("\\+(?=(voc|coco|synthetic|crossing):)");

    public DatasetSpec {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("dataset location must not be blank");
        }
    }

    @JsonCreator
    public static DatasetSpec parse(String spec) {
        if (JOIN.matcher(spec).find()) {
            DatasetSpec joined = new DatasetSpec(Kind.CONCATENATION, spec, Optional.empty());
            joined.parts();
            return joined;
        }
        String[] parts = spec.split(":", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("dataset '" + spec + "' must be voc:DIR[:SPLIT], "
                    + "coco:ANNOTATIONS.json[:IMAGE_DIR], synthetic:COUNT[:SEED[:STYLE]], crossing:COUNT[:SEED] or "
                    + "SPEC+SPEC");
        }
        Kind kind = switch (parts[0]) {
            case "voc" -> Kind.VOC;
            case "coco" -> Kind.COCO;
            case "synthetic" -> Kind.SYNTHETIC;
            case "crossing" -> Kind.CROSSING;
            default -> throw new IllegalArgumentException("dataset '" + spec + "': unknown format '" + parts[0]
                    + "' (voc, coco, synthetic or crossing)");
        };
        Optional<String> option = parts.length == 3 && !parts[2].isBlank() ? Optional.of(parts[2]) : Optional.empty();
        DatasetSpec parsed = new DatasetSpec(kind, parts[1], option);
        if (kind == Kind.SYNTHETIC) {
            parsed.count();
            parsed.syntheticSeed();
            parsed.syntheticStyle();
        }
        if (kind == Kind.CROSSING) {
            parsed.count();
            parsed.crossingSeed();
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
            case SYNTHETIC -> withOwnClasses("synthetic scenes",
                    new SyntheticScenes(count(), syntheticSeed(), syntheticStyle()), fixedClasses);
            case CROSSING -> withOwnClasses("crossing scenes", new CrossingFrames(count(), crossingSeed()),
                    fixedClasses);
            case CONCATENATION -> {
                List<DetectionDataset> opened = new ArrayList<>();
                for (DatasetSpec part : parts()) {
                    // the first part's classes label the others, as a training set's label its validation set
                    opened.add(part.open(opened.isEmpty() ? fixedClasses : Optional.of(opened.get(0).classes())));
                }
                yield new ConcatenatedDataset(opened);
            }
        };
    }

    /** A built-in dataset, whose classes are fixed: refused where other classes are asked for. */
    private static DetectionDataset withOwnClasses(String what, DetectionDataset builtIn,
            Optional<ClassList> fixedClasses) {
        if (fixedClasses.isPresent() && !fixedClasses.get().names().equals(builtIn.classes().names())) {
            throw new IllegalArgumentException(what + " have the classes " + builtIn.classes().names() + ", not "
                    + fixedClasses.get().names());
        }
        return builtIn;
    }

    /** The specs a {@link Kind#CONCATENATION} joins. */
    private List<DatasetSpec> parts() {
        return JOIN.splitAsStream(location).map(DatasetSpec::parse).toList();
    }

    private int count() {
        try {
            return Integer.parseInt(location);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset '" + this + "': COUNT must be an integer");
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

    private long crossingSeed() {
        try {
            return option.map(Long::parseLong).orElse(0L);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset '" + this + "': SEED must be an integer");
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
        if (kind == Kind.CONCATENATION) {
            return location;
        }
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + location + option.map(o -> ":" + o).orElse("");
    }
}
