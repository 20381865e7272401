package io.ssdstream.ssd.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Binds a state dict to an initialised {@link SsdNetwork} by torchvision key, and takes one back out.
 *
 * <p>Binding is all-or-nothing: every key must be present, no key may be left over, and every shape must match;
 * otherwise a {@link WeightFormatException} names the offending keys (and, for a head of the wrong width, the
 * class count the checkpoint was trained for). Values are converted to each parameter's data type and device.
 */
public final class WeightBinding {

    private static final String CLASSIFICATION_HEAD_0 = "head.classification_head.module_list.0.weight";
    private static final String DDP_PREFIX = "module.";

    private WeightBinding() {}

    /** Copies {@code weights} into {@code network}'s parameters. */
    public static void bind(StateDict weights, SsdNetwork network) throws WeightFormatException {
        Map<String, Parameter> parameters = network.stateDict();
        List<String> problems = new ArrayList<>();
        // first: the key lists are long and error messages are cut
        ddpPrefix(weights).ifPresent(problems::add);
        TreeSet<String> missing = new TreeSet<>(parameters.keySet());
        missing.removeAll(weights.tensors().keySet());
        TreeSet<String> unexpected = new TreeSet<>(weights.tensors().keySet());
        unexpected.removeAll(parameters.keySet());
        if (!missing.isEmpty()) {
            problems.add("missing keys " + missing);
        }
        if (!unexpected.isEmpty()) {
            problems.add("unexpected keys " + unexpected);
        }
        classCountMismatch(weights, network.architecture()).ifPresent(problems::add);
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            HostTensor tensor = weights.get(entry.getKey());
            Shape expected = entry.getValue().getArray().getShape();
            if (tensor != null && !Arrays.equals(tensor.shape(), expected.getShape())) {
                problems.add("'" + entry.getKey() + "' has shape " + tensor.shapeString() + " but the "
                        + network.architecture().name() + " network needs " + expected);
            }
        }
        if (!problems.isEmpty()) {
            throw new WeightFormatException(Path.of(weights.source()), "does not fit " + describe(network.architecture())
                    + ": " + String.join("; ", problems));
        }
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            NDArray target = entry.getValue().getArray();
            HostTensor tensor = weights.get(entry.getKey());
            try (NDManager scratch = target.getManager().newSubManager()) {
                scratch.create(tensor.values(), target.getShape())
                        .toType(target.getDataType(), false)
                        .copyTo(target);
            }
        }
    }

    /** The network's current parameters as a host state dict under torchvision keys, as float32. */
    public static StateDict snapshot(SsdNetwork network, String source) {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        network.stateDict().forEach((key, parameter) -> {
            NDArray array = parameter.getArray();
            tensors.put(key, new HostTensor(array.getShape().getShape(),
                    array.toType(DataType.FLOAT32, false).toFloatArray()));
        });
        return new StateDict(source, tensors);
    }

    /**
     * The architecture a torchvision-keyed SSD/VGG16 state dict was built for: ssd512 when it has the conv12_2
     * block, the width from conv1_1's filters, the classes from the first classification head.
     */
    public static SsdArchitecture architectureOf(StateDict weights) throws WeightFormatException {
        HostTensor conv11 = weights.get("backbone.features.0.weight");
        HostTensor head = weights.get(CLASSIFICATION_HEAD_0);
        if (conv11 == null || head == null) {
            throw new WeightFormatException(Path.of(weights.source()), "not an SSD/VGG16 state dict in torchvision's layout:"
                    + " it lacks '" + (conv11 == null ? "backbone.features.0.weight" : CLASSIFICATION_HEAD_0) + "'"
                    + ddpPrefix(weights).map(hint -> "; " + hint).orElse(""));
        }
        boolean highResolution = weights.get("backbone.extra.5.0.weight") != null;
        SsdArchitecture base = highResolution ? SsdArchitecture.ssd512(2) : SsdArchitecture.ssd300(2);
        long filters = head.shape()[0];
        int boxes = base.boxesPerLocation(0);
        if (filters % boxes != 0) {
            throw new WeightFormatException(Path.of(weights.source()), "'" + CLASSIFICATION_HEAD_0 + "' has " + filters
                    + " filters, not a multiple of the " + boxes + " default boxes per location");
        }
        return base.withClasses((int) (filters / boxes)).withWidth(conv11.shape()[0] / 64.0);
    }

    /** Why torchvision's keys are missing when a DistributedDataParallel wrapper's state dict was saved. */
    private static Optional<String> ddpPrefix(StateDict weights) {
        boolean wrapped = weights.size() > 0
                && weights.tensors().keySet().stream().allMatch(key -> key.startsWith(DDP_PREFIX));
        return wrapped ? Optional.of("every key starts with '" + DDP_PREFIX + "', as DistributedDataParallel names "
                + "them: save model.module.state_dict() instead, or strip the prefix") : Optional.empty();
    }

    private static Optional<String> classCountMismatch(StateDict weights, SsdArchitecture architecture) {
        HostTensor head = weights.get(CLASSIFICATION_HEAD_0);
        if (head == null) {
            return Optional.empty();
        }
        long classes = head.shape()[0] / architecture.boxesPerLocation(0);
        return classes == architecture.numClasses()
                ? Optional.empty()
                : Optional.of("the checkpoint's classification head predicts " + classes
                        + " classes but the model has " + architecture.numClasses());
    }

    private static String describe(SsdArchitecture a) {
        return a.name() + " (" + a.numClasses() + " classes, width " + a.widthMultiplier() + ")";
    }
}
