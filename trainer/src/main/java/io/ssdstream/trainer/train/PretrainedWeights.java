package io.ssdstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.ssdstream.ssd.io.HostTensor;
import io.ssdstream.ssd.io.StateDict;
import io.ssdstream.ssd.model.SsdNetwork;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Starts a network from another model's weights, as fine-tuning does: every tensor whose key and shape fit is
 * copied; the rest keep their fresh initialisation — typically the classification head when the class count
 * changes (torchvision's recipe for a new dataset on a COCO-trained SSD).
 */
final class PretrainedWeights {

    private PretrainedWeights() {}

    /** Copies what fits; returns the keys left at their initial values. */
    static List<String> apply(StateDict weights, SsdNetwork network) {
        TreeSet<String> fresh = new TreeSet<>();
        for (Map.Entry<String, Parameter> entry : network.stateDict().entrySet()) {
            NDArray target = entry.getValue().getArray();
            HostTensor tensor = weights.get(entry.getKey());
            if (tensor == null || !Arrays.equals(tensor.shape(), target.getShape().getShape())) {
                fresh.add(entry.getKey());
                continue;
            }
            try (NDManager scratch = target.getManager().newSubManager()) {
                scratch.create(tensor.values(), target.getShape()).toType(target.getDataType(), false).copyTo(target);
            }
        }
        if (fresh.size() == network.stateDict().size()) {
            throw new IllegalArgumentException(weights.source() + " shares no tensor with this network (is it an SSD of"
                    + " the same architecture and width?)");
        }
        return List.copyOf(fresh);
    }
}
