package io.ssdstream.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.model.L2Norm;
import io.ssdstream.ssd.model.SsdNetwork;
import java.nio.FloatBuffer;

/**
 * Layer-sequential unit-variance initialisation (Mishkin and Matas, "All you need is a good init", ICLR 2016) of
 * the SSD base network, for training from scratch. VGG16 has no batch normalisation, and with torchvision's
 * initialisation (kaiming fan-out for VGG, xavier for fc6, fc7 and the extra layers) the activations shrink layer
 * by layer: measured at width 0.125, the fc7 map's standard deviation is 0.06 and the last map's 0.003, so the
 * heads of the larger-object maps start blind and their gradients barely reach the backbone. Walking the
 * convolutions in forward order on one real batch, each weight is scaled until its output has unit standard
 * deviation. The heads keep their xavier initialisation; a pretrained or resumed network is never touched.
 */
final class UnitVarianceInit {

    private static final double TOLERANCE = 0.05;
    private static final int MAX_ROUNDS = 4;

    private UnitVarianceInit() {}

    static void apply(SsdNetwork network, NDManager manager, Batch batch) {
        int size = network.architecture().imageSize();
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = scope.create(FloatBuffer.wrap(batch.pixels()), new Shape(batch.images(), 3, size, size));
            ParameterStore store = new ParameterStore(scope, false);
            for (Block child : network.backbone().getChildren().values()) {
                // the L2 normalisation only feeds the first head; the next layers consume the raw conv4_3
                if (!(child instanceof L2Norm)) {
                    x = normalise(child, x, store);
                }
            }
        }
    }

    /** Normalises every convolution inside {@code block} in forward order and returns the block's output. */
    private static NDArray normalise(Block block, NDArray x, ParameterStore store) {
        if (block instanceof SequentialBlock sequence) {
            NDArray out = x;
            for (Block child : sequence.getChildren().values()) {
                out = normalise(child, out, store);
            }
            return out;
        }
        NDArray out = block.forward(store, new NDList(x), false).singletonOrThrow();
        if (block instanceof Conv2d conv) {
            NDArray weight = conv.getParameters().get("weight").getArray();
            for (int round = 0; round < MAX_ROUNDS; round++) {
                double std = standardDeviation(out);
                if (Math.abs(std - 1) < TOLERANCE || std == 0) {
                    break;
                }
                try (NDArray view = weight.stopGradient()) {
                    view.muli((float) (1 / std));
                }
                out = block.forward(store, new NDList(x), false).singletonOrThrow();
            }
        }
        return out;
    }

    private static double standardDeviation(NDArray a) {
        NDArray centred = a.sub(a.mean());
        return Math.sqrt(centred.square().mean().getFloat());
    }
}
