package io.ssdstream.cli.model;

import io.ssdstream.ssd.io.CocoLabels;
import io.ssdstream.ssd.preprocess.Normalization;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The weights {@code model pull} knows by name. Tests build their own registry around a local server. */
final class WeightsRegistry {

    /** torchvision's published SSD checkpoints that this detector reproduces (SSD300, VGG16 backbone). */
    static final WeightsRegistry TORCHVISION = new WeightsRegistry(List.of(
            new NamedWeights("ssd300_vgg16_coco",
                    URI.create("https://download.pytorch.org/models/ssd300_vgg16_coco-b556d3b4.pth"),
                    CocoLabels.names(), Normalization.TORCHVISION_SSD)));

    private final Map<String, NamedWeights> byName = new LinkedHashMap<>();

    WeightsRegistry(List<NamedWeights> weights) {
        for (NamedWeights entry : weights) {
            if (byName.put(entry.name(), entry) != null) {
                throw new IllegalArgumentException("weights '" + entry.name() + "' are registered twice");
            }
        }
    }

    NamedWeights named(String name) {
        NamedWeights weights = byName.get(name);
        if (weights == null) {
            throw new IllegalArgumentException("no published weights named '" + name + "'; known: "
                    + String.join(", ", byName.keySet()));
        }
        return weights;
    }

    List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
