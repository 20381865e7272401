package io.ssdstream.ssd.io;

import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.postprocess.DetectionThresholds;
import io.ssdstream.ssd.preprocess.Normalization;
import java.util.List;
import java.util.Map;

/**
 * Everything a model artifact says about its network besides the weights: the content of {@code model.json}.
 *
 * @param name a short model name reported in detection events, e.g. "ssd300-coco"
 * @param version the model's own version, reported in detection events
 * @param architecture network layout; its class count equals {@code classes.size()}
 * @param classes class names, index = class id, background at 0
 * @param normalization input normalisation the weights were trained with
 * @param thresholds default postprocessing thresholds
 * @param provenance where the weights came from (source file, trainer run, dataset, metrics), free-form strings
 */
public record ModelMetadata(
        String name,
        String version,
        SsdArchitecture architecture,
        List<String> classes,
        Normalization normalization,
        DetectionThresholds thresholds,
        Map<String, String> provenance) {

    /** The version a model gets when whoever makes it names none. */
    public static final String DEFAULT_VERSION = "1.0.0";

    /** The network a model is when nothing else is said: torchvision's {@code ssd300_vgg16} for COCO, full width. */
    public static final SsdArchitecture DEFAULT_ARCHITECTURE = SsdArchitecture.ssd300(CocoLabels.SIZE);

    public ModelMetadata {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("model name must not be blank");
        }
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("model version must not be blank");
        }
        if (classes.size() != architecture.numClasses()) {
            throw new IllegalArgumentException("the model names " + classes.size() + " classes but its "
                    + architecture.name() + " network has " + architecture.numClasses() + " outputs");
        }
        classes = List.copyOf(classes);
        provenance = Map.copyOf(provenance);
    }
}
