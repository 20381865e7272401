package io.ssdstream.ssd.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.initializer.Initializer;
import java.util.Map;

/**
 * Builds a DJL {@link SequentialBlock} the way a PyTorch {@code nn.Sequential} is numbered, recording each
 * convolution's parameters under its torchvision state-dict key ({@code prefix.index.weight}). ReLU and pooling
 * layers take an index too, exactly as they do in torchvision, so the keys line up with its checkpoints.
 */
final class TorchSequential {

    private final SequentialBlock block = new SequentialBlock();
    private final String prefix;
    private final Map<String, Parameter> stateDict;
    private final Initializer weightInitializer;
    private int index;

    TorchSequential(String prefix, Map<String, Parameter> stateDict, Initializer weightInitializer) {
        this.prefix = prefix;
        this.stateDict = stateDict;
        this.weightInitializer = weightInitializer;
    }

    /** A square convolution with bias whose weight and bias are recorded as {@code key.weight}, {@code key.bias}. */
    static Conv2d convolution(int filters, int kernel, int stride, int padding, int dilation,
                              Initializer weightInitializer, String key, Map<String, Parameter> stateDict) {
        Conv2d conv = Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optDilation(new Shape(dilation, dilation))
                .build();
        conv.setInitializer(weightInitializer, Parameter.Type.WEIGHT);
        stateDict.put(key + ".weight", conv.getParameters().get("weight"));
        stateDict.put(key + ".bias", conv.getParameters().get("bias"));
        return conv;
    }

    TorchSequential conv(int filters, int kernel, int stride, int padding, int dilation) {
        return add(convolution(filters, kernel, stride, padding, dilation, weightInitializer, prefix + "." + index, stateDict));
    }

    TorchSequential relu() {
        return add(Activation.reluBlock());
    }

    TorchSequential maxPool(int kernel, int stride, int padding, boolean ceilMode) {
        return add(Pool.maxPool2dBlock(
                new Shape(kernel, kernel), new Shape(stride, stride), new Shape(padding, padding), ceilMode));
    }

    /** A nested {@code nn.Sequential} at the next index; finish it with {@link #end(TorchSequential)}. */
    TorchSequential nested(Initializer initializer) {
        return new TorchSequential(prefix + "." + index, stateDict, initializer);
    }

    TorchSequential end(TorchSequential nested) {
        return add(nested.build());
    }

    SequentialBlock build() {
        return block;
    }

    private TorchSequential add(ai.djl.nn.Block layer) {
        block.add(layer);
        index++;
        return this;
    }
}
