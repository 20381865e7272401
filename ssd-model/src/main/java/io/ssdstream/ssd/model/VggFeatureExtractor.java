package io.ssdstream.ssd.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SSD base network on VGG16 (torchvision's {@code SSDFeatureExtractorVGG}): conv1_1 to conv4_3 with the third
 * max-pool in ceil mode, the L2-normalised and rescaled conv4_3 as the first feature map, then conv5 with the
 * modified maxpool5 (3x3, stride 1, padding 1), the atrous fc6 (dilation 6) and fc7, and the extra feature layers
 * conv8_2 ... conv11_2 (conv12_2 for SSD512). The raw conv4_3 — not its normalised copy — feeds the next layers.
 */
public final class VggFeatureExtractor extends AbstractBlock {

    /** VGG's own init for its convolutions when trained from scratch: kaiming normal, fan-out, ReLU gain. */
    static final Initializer KAIMING_FAN_OUT =
            new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.OUT, 2);
    /** torchvision's {@code _xavier_init}: xavier uniform, bound sqrt(6 / (fan_in + fan_out)). */
    static final Initializer XAVIER_UNIFORM =
            new XavierInitializer(XavierInitializer.RandomType.UNIFORM, XavierInitializer.FactorType.AVG, 3);

    private final SequentialBlock features;
    private final L2Norm l2Norm;
    private final List<SequentialBlock> extras = new ArrayList<>();
    private final LinkedHashMap<String, Parameter> stateDict = new LinkedHashMap<>();

    public VggFeatureExtractor(SsdArchitecture architecture) {
        int[] layout = SsdArchitecture.VGG16_LAYOUT;
        int maxPool4 = 13;
        TorchSequential conv4 = new TorchSequential("backbone.features", stateDict, KAIMING_FAN_OUT);
        int pools = 0;
        for (int i = 0; i < maxPool4; i++) {
            if (layout[i] == 0) {
                pools++;
                conv4.maxPool(2, 2, 0, pools == 3);
            } else {
                conv4.conv(architecture.channels(layout[i]), 3, 1, 1, 1).relu();
            }
        }
        features = addChildBlock("features", conv4.build());

        l2Norm = addChildBlock("l2norm", new L2Norm(architecture.channels(512)));
        stateDict.put("backbone.scale_weight", l2Norm.scale());

        TorchSequential fc7 = new TorchSequential("backbone.extra.0", stateDict, KAIMING_FAN_OUT).maxPool(2, 2, 0, false);
        for (int i = maxPool4 + 1; i < layout.length; i++) {
            fc7.conv(architecture.channels(layout[i]), 3, 1, 1, 1).relu();
        }
        TorchSequential fc = fc7.nested(XAVIER_UNIFORM)
                .maxPool(3, 1, 1, false)
                .conv(architecture.channels(1024), 3, 1, 6, 6).relu()
                .conv(architecture.channels(1024), 1, 1, 0, 1).relu();
        addExtra(fc7.end(fc));

        addExtra(extraBlock(1, architecture.channels(256), architecture.channels(512), 3, 2, 1));
        addExtra(extraBlock(2, architecture.channels(128), architecture.channels(256), 3, 2, 1));
        addExtra(extraBlock(3, architecture.channels(128), architecture.channels(256), 3, 1, 0));
        addExtra(extraBlock(4, architecture.channels(128), architecture.channels(256), 3, 1, 0));
        if (architecture.highResolution()) {
            addExtra(extraBlock(5, architecture.channels(128), architecture.channels(256), 4, 1, 0));
        }
    }

    private TorchSequential extraBlock(int index, int squeeze, int out, int kernel, int stride, int padding) {
        return new TorchSequential("backbone.extra." + index, stateDict, XAVIER_UNIFORM)
                .conv(squeeze, 1, 1, 0, 1).relu()
                .conv(out, kernel, stride, padding, 1).relu();
    }

    private void addExtra(TorchSequential extra) {
        extras.add(addChildBlock("extra" + extras.size(), extra.build()));
    }

    /** This block's parameters under their torchvision state-dict keys, in torchvision's order. */
    public Map<String, Parameter> stateDict() {
        return stateDict;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = features.forward(store, inputs, training).singletonOrThrow();
        NDList maps = new NDList(l2Norm.forward(store, new NDList(x), training).singletonOrThrow());
        for (SequentialBlock extra : extras) {
            x = extra.forward(store, new NDList(x), training).singletonOrThrow();
            maps.add(x);
        }
        return maps;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape x = features.getOutputShapes(inputShapes)[0];
        List<Shape> maps = new ArrayList<>(List.of(x));
        for (SequentialBlock extra : extras) {
            x = extra.getOutputShapes(new Shape[] {x})[0];
            maps.add(x);
        }
        return maps.toArray(Shape[]::new);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        features.initialize(manager, dataType, inputShapes);
        Shape x = features.getOutputShapes(inputShapes)[0];
        l2Norm.initialize(manager, dataType, x);
        for (SequentialBlock extra : extras) {
            extra.initialize(manager, dataType, x);
            x = extra.getOutputShapes(new Shape[] {x})[0];
        }
    }
}
