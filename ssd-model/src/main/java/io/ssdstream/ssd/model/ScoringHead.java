package io.ssdstream.ssd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One of SSD's "convolutional predictors" (torchvision's {@code SSDScoringHead}): a 3x3 convolution per feature
 * map producing {@code boxesPerLocation * columns} channels, laid out anchor-major ({@code anchor * columns + c}),
 * reshaped to (N, H*W*A, columns) and concatenated over the maps in order. With {@code columns = classes} this is
 * the classification head; with 4 it is the box regression head.
 */
public final class ScoringHead extends AbstractBlock {

    private final List<Conv2d> convolutions = new ArrayList<>();
    private final int columns;
    private final LinkedHashMap<String, Parameter> stateDict = new LinkedHashMap<>();

    /**
     * @param stateDictPrefix torchvision's key prefix, e.g. {@code head.classification_head.module_list}
     */
    public ScoringHead(String stateDictPrefix, SsdArchitecture architecture, int columns) {
        this.columns = columns;
        for (int k = 0; k < architecture.featureMapCount(); k++) {
            convolutions.add(addChildBlock("map" + k, TorchSequential.convolution(
                    architecture.boxesPerLocation(k) * columns, 3, 1, 1, 1,
                    VggFeatureExtractor.XAVIER_UNIFORM, stateDictPrefix + "." + k, stateDict)));
        }
    }

    /** This head's parameters under their torchvision state-dict keys. */
    public Map<String, Parameter> stateDict() {
        return stateDict;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList featureMaps, boolean training, PairList<String, Object> params) {
        NDList perMap = new NDList(convolutions.size());
        for (int k = 0; k < convolutions.size(); k++) {
            NDArray out = convolutions.get(k).forward(store, new NDList(featureMaps.get(k)), training).singletonOrThrow();
            Shape s = out.getShape();
            long n = s.get(0);
            long h = s.get(2);
            long w = s.get(3);
            perMap.add(out.reshape(n, -1, columns, h, w).transpose(0, 3, 4, 1, 2).reshape(n, -1, columns));
        }
        return new NDList(NDArrays.concat(perMap, 1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] featureMapShapes) {
        long anchors = 0;
        for (int k = 0; k < featureMapShapes.length; k++) {
            Shape out = convolutions.get(k).getOutputShapes(new Shape[] {featureMapShapes[k]})[0];
            anchors += out.get(1) / columns * out.get(2) * out.get(3);
        }
        return new Shape[] {new Shape(featureMapShapes[0].get(0), anchors, columns)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... featureMapShapes) {
        for (int k = 0; k < convolutions.size(); k++) {
            convolutions.get(k).initialize(manager, dataType, featureMapShapes[k]);
        }
    }
}
