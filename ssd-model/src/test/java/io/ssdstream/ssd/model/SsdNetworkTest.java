package io.ssdstream.ssd.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsdNetworkTest {

    /**
     * torchvision's ssd300_vgg16 state dict, written out from its module definitions: VGG16's features up to
     * conv4_3 (convolutions at 0, 2, 5, 7, 10, 12, 14, 17, 19, 21), the scale weight, extra.0 = VGG's
     * maxpool4 + conv5 (at 1, 3, 5) + the nested fc block (fc6 at 7.1, fc7 at 7.3), extra.1-4 (at 0 and 2), and six
     * convolutions per head.
     */
    private static Map<String, long[]> torchvisionSsd300(int classes) {
        Map<String, long[]> keys = new LinkedHashMap<>();
        int[][] vgg = {{0, 3, 64}, {2, 64, 64}, {5, 64, 128}, {7, 128, 128}, {10, 128, 256}, {12, 256, 256},
            {14, 256, 256}, {17, 256, 512}, {19, 512, 512}, {21, 512, 512}};
        for (int[] c : vgg) {
            conv(keys, "backbone.features." + c[0], c[2], c[1], 3);
        }
        keys.put("backbone.scale_weight", new long[] {512});
        conv(keys, "backbone.extra.0.1", 512, 512, 3);
        conv(keys, "backbone.extra.0.3", 512, 512, 3);
        conv(keys, "backbone.extra.0.5", 512, 512, 3);
        conv(keys, "backbone.extra.0.7.1", 1024, 512, 3);
        conv(keys, "backbone.extra.0.7.3", 1024, 1024, 1);
        int[][] extras = {{1024, 256, 512}, {512, 128, 256}, {256, 128, 256}, {256, 128, 256}};
        for (int i = 0; i < extras.length; i++) {
            conv(keys, "backbone.extra." + (i + 1) + ".0", extras[i][1], extras[i][0], 1);
            conv(keys, "backbone.extra." + (i + 1) + ".2", extras[i][2], extras[i][1], 3);
        }
        int[] in = {512, 1024, 512, 256, 256, 256};
        int[] boxes = {4, 6, 6, 6, 4, 4};
        for (int k = 0; k < 6; k++) {
            conv(keys, "head.classification_head.module_list." + k, boxes[k] * classes, in[k], 3);
        }
        for (int k = 0; k < 6; k++) {
            conv(keys, "head.regression_head.module_list." + k, boxes[k] * 4, in[k], 3);
        }
        return keys;
    }

    private static void conv(Map<String, long[]> keys, String prefix, int out, int in, int kernel) {
        keys.put(prefix + ".weight", new long[] {out, in, kernel, kernel});
        keys.put(prefix + ".bias", new long[] {out});
    }

    @Test
    void ssd300WithCocoClassesMatchesTorchvisionsStateDictAndParameterCount() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork net = new SsdNetwork(SsdArchitecture.ssd300(91));
            net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
            Map<String, long[]> expected = torchvisionSsd300(91);
            Map<String, Parameter> actual = net.stateDict();
            assertThat(new ArrayList<>(actual.keySet())).containsExactlyElementsOf(expected.keySet());
            expected.forEach((key, shape) ->
                    assertThat(actual.get(key).getArray().getShape().getShape()).as(key).containsExactly(shape));
            assertThat(actual).hasSize(71);
            assertThat(net.parameterCount()).isEqualTo(35_641_826L);
        }
    }

    @Test
    void freshWeightsFollowTorchvisionsInitialisation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork net = new SsdNetwork(SsdArchitecture.ssd300(91));
            net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
            Map<String, Parameter> p = net.stateDict();
            assertThat(p.get("backbone.scale_weight").getArray().toFloatArray()).containsOnly(20f);
            assertThat(p.get("head.classification_head.module_list.0.bias").getArray().toFloatArray()).containsOnly(0f);
            // xavier uniform: |w| <= sqrt(6 / (fan_in + fan_out)) with fan = channels * 3 * 3
            float bound = (float) Math.sqrt(6.0 / ((512 + 364) * 9));
            NDArray head = p.get("head.classification_head.module_list.0.weight").getArray();
            assertThat(head.abs().max().getFloat()).isLessThanOrEqualTo(bound).isGreaterThan(bound * 0.9f);
        }
    }

    @Test
    void reducedWidthKeepsTheGeometry() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdArchitecture arch = SsdArchitecture.ssd300(5).withWidth(0.125);
            SsdNetwork net = new SsdNetwork(arch);
            net.initialize(manager, DataType.FLOAT32, net.inputShape(2));
            NDArray x = manager.randomUniform(-100, 100, net.inputShape(2));
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            assertThat(out.get(SsdNetwork.CLASS_LOGITS).getShape()).isEqualTo(new Shape(2, 8732, 5));
            assertThat(out.get(SsdNetwork.BOX_REGRESSION).getShape()).isEqualTo(new Shape(2, 8732, 4));
            List<Long> sizes = new ArrayList<>();
            for (Shape s : net.backbone().getOutputShapes(new Shape[] {net.inputShape(1)})) {
                sizes.add(s.get(2));
            }
            assertThat(sizes).containsExactly(38L, 19L, 10L, 5L, 3L, 1L);
            assertThat(arch.featureMapSizes()).containsExactly(38, 19, 10, 5, 3, 1);
            assertThat(arch.anchorCount()).isEqualTo(8732);
        }
    }

    @Test
    void ssd512AddsConv12AndSevenFeatureMaps() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdArchitecture arch = SsdArchitecture.ssd512(3).withWidth(0.0625);
            SsdNetwork net = new SsdNetwork(arch);
            net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
            List<Long> sizes = new ArrayList<>();
            for (Shape s : net.backbone().getOutputShapes(new Shape[] {net.inputShape(1)})) {
                sizes.add(s.get(2));
            }
            assertThat(sizes).containsExactly(64L, 32L, 16L, 8L, 6L, 4L, 1L);
            assertThat(arch.featureMapSizes()).containsExactly(64, 32, 16, 8, 6, 4, 1);
            assertThat(net.stateDict()).containsKey("backbone.extra.5.2.weight");
            NDList out = net.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(-100, 100, net.inputShape(1))), false);
            assertThat(out.get(SsdNetwork.CLASS_LOGITS).getShape()).isEqualTo(new Shape(1, arch.anchorCount(), 3));
        }
    }

    @Test
    void headOutputsAreLaidOutAnchorMajorPerLocation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdArchitecture arch = SsdArchitecture.ssd300(3).withWidth(0.0625);
            SsdNetwork net = new SsdNetwork(arch);
            net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
            // conv bias of channel (anchor * K + k) of map 0 set to a code; with zero weights the output equals it
            Parameter weight = net.stateDict().get("head.classification_head.module_list.0.weight");
            Parameter bias = net.stateDict().get("head.classification_head.module_list.0.bias");
            weight.getArray().set(new float[(int) weight.getArray().size()]);
            float[] codes = new float[12];
            for (int c = 0; c < codes.length; c++) {
                codes[c] = c;
            }
            bias.getArray().set(codes);
            NDList out = net.forward(new ParameterStore(manager, false),
                    new NDList(manager.randomUniform(-100, 100, net.inputShape(1))), false);
            NDArray logits = out.get(SsdNetwork.CLASS_LOGITS);
            // torchvision: view(N, A, K, H, W).permute(0, 3, 4, 1, 2): row (y * W + x) * A + anchor, column k
            int row = (2 * 38 + 5) * 4 + 3;
            assertThat(logits.get("0, " + row).toFloatArray()).containsExactly(9f, 10f, 11f);
        }
    }
}
