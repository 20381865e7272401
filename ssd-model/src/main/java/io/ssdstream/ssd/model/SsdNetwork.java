package io.ssdstream.ssd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SSD network (torchvision's {@code SSD} module minus its transform and postprocessing): the VGG16 feature
 * extractor and the classification and box regression heads over its feature maps.
 *
 * <p>Input: a normalised batch (N, 3, S, S). Output: {@code [cls_logits (N, A, K), bbox_regression (N, A, 4)]}
 * with the A default boxes in {@link io.ssdstream.ssd.anchors.DefaultBoxes} order. Parameters map one to one onto
 * torchvision's state-dict keys ({@link #stateDict()}).
 */
public final class SsdNetwork extends AbstractBlock {

    /** Index of the class logits in the output list. */
    public static final int CLASS_LOGITS = 0;
    /** Index of the box regression deltas in the output list. */
    public static final int BOX_REGRESSION = 1;

    private final SsdArchitecture architecture;
    private final VggFeatureExtractor backbone;
    private final ScoringHead classificationHead;
    private final ScoringHead regressionHead;
    private final Map<String, Parameter> stateDict;

    public SsdNetwork(SsdArchitecture architecture) {
        this.architecture = architecture;
        backbone = addChildBlock("backbone", new VggFeatureExtractor(architecture));
        classificationHead = addChildBlock("classification", new ScoringHead(
                "head.classification_head.module_list", architecture, architecture.numClasses()));
        regressionHead = addChildBlock("regression", new ScoringHead(
                "head.regression_head.module_list", architecture, 4));
        LinkedHashMap<String, Parameter> all = new LinkedHashMap<>(backbone.stateDict());
        all.putAll(classificationHead.stateDict());
        all.putAll(regressionHead.stateDict());
        stateDict = Collections.unmodifiableMap(all);
    }

    public SsdArchitecture architecture() {
        return architecture;
    }

    /** The VGG16 base network and extra feature layers. */
    public VggFeatureExtractor backbone() {
        return backbone;
    }

    /** Every parameter under its torchvision state-dict key, backbone first, in torchvision's order. */
    public Map<String, Parameter> stateDict() {
        return stateDict;
    }

    /** The input shape for a batch of {@code batchSize} images. */
    public Shape inputShape(int batchSize) {
        return new Shape(batchSize, 3, architecture.imageSize(), architecture.imageSize());
    }

    /** Total number of scalar parameters (35,641,826 for SSD300 with 91 classes). */
    public long parameterCount() {
        long total = 0;
        for (Parameter p : stateDict.values()) {
            total += p.getArray().size();
        }
        return total;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList maps = backbone.forward(store, inputs, training);
        NDArray logits = classificationHead.forward(store, maps, training).singletonOrThrow();
        NDArray deltas = regressionHead.forward(store, maps, training).singletonOrThrow();
        logits.setName("cls_logits");
        deltas.setName("bbox_regression");
        return new NDList(logits, deltas);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape[] maps = backbone.getOutputShapes(inputShapes);
        return new Shape[] {classificationHead.getOutputShapes(maps)[0], regressionHead.getOutputShapes(maps)[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes);
        Shape[] maps = backbone.getOutputShapes(inputShapes);
        classificationHead.initialize(manager, dataType, maps);
        regressionHead.initialize(manager, dataType, maps);
    }
}
