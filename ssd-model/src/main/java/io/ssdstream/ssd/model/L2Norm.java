package io.ssdstream.ssd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

/**
 * The SSD paper's "L2 normalization" of conv4_3 (ParseNet): each location's channel vector is scaled to unit L2
 * norm, then multiplied by a learnable per-channel scale initialised to 20 — torchvision's
 * {@code scale_weight.view(1, -1, 1, 1) * F.normalize(x)} with {@code eps = 1e-12}.
 */
public final class L2Norm extends AbstractBlock {

    private static final float INITIAL_SCALE = 20f;
    private static final float EPSILON = 1e-12f;

    private final Parameter scale;

    public L2Norm(int channels) {
        scale = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.OTHER)
                .optInitializer(new ConstantInitializer(INITIAL_SCALE))
                .optShape(new Shape(channels))
                .build());
    }

    /** The learnable per-channel scale (torchvision's {@code backbone.scale_weight}). */
    public Parameter scale() {
        return scale;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray weight = store.getValue(scale, x.getDevice(), training);
        // the sum of squares over 512 channels overflows float16, so float16 is normalised in float32; bfloat16 has
        // float32's range and stays as it is (DJL cannot name it as a target type: see the detector's BFloat16)
        boolean half = x.getDataType() == DataType.FLOAT16;
        NDArray wide = half ? x.toType(DataType.FLOAT32, false) : x;
        // clamped before the square root, not after: the same values, but a location whose channels are all zero
        // gets a zero gradient (as torch's norm backward gives) instead of 0 * inf = NaN from sqrt at 0
        NDArray unit = wide.div(wide.square().sum(new int[] {1}, true).maximum(EPSILON * EPSILON).sqrt());
        if (half) {
            unit = unit.toType(DataType.FLOAT16, false);
        }
        // scaled channels-last so that no array is derived from the shared weight: it would join the weight's
        // manager and outlive the call
        return new NDList(unit.transpose(0, 2, 3, 1).mul(weight).transpose(0, 3, 1, 2));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
