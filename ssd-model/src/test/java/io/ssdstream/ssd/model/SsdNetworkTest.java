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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SsdNetworkTest {

    @Test
    void ssd300WithCocoClassesHasTorchvisionsParameterCountAndKeys() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork net = new SsdNetwork(SsdArchitecture.ssd300(91));
            net.initialize(manager, DataType.FLOAT32, net.inputShape(1));
            assertThat(net.parameterCount()).isEqualTo(35_641_826L);
            Map<String, Parameter> sd = net.stateDict();
            assertThat(sd).hasSize(71);
            assertThat(new ArrayList<>(sd.keySet())).startsWith("backbone.features.0.weight", "backbone.features.0.bias");
            assertThat(sd.get("backbone.extra.0.7.1.weight").getArray().getShape()).isEqualTo(new Shape(1024, 512, 3, 3));
            sd.forEach((k, v) -> System.out.println(k + " " + v.getArray().getShape()));
        }
    }

    @Test
    void reducedWidthKeepsGeometry() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdArchitecture arch = SsdArchitecture.ssd300(5).withWidth(0.125);
            SsdNetwork net = new SsdNetwork(arch);
            net.initialize(manager, DataType.FLOAT32, net.inputShape(2));
            NDArray x = manager.randomUniform(0, 1, net.inputShape(2));
            long t = System.nanoTime();
            NDList out = net.forward(new ParameterStore(manager, false), new NDList(x), false);
            System.out.println("forward ms " + (System.nanoTime() - t) / 1e6);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 8732, 5));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(2, 8732, 4));
            Shape[] maps = net.backbone().getOutputShapes(new Shape[] {net.inputShape(1)});
            List<Long> sizes = new ArrayList<>();
            for (Shape s : maps) sizes.add(s.get(2));
            assertThat(sizes).containsExactly(38L, 19L, 10L, 5L, 3L, 1L);
        }
    }
}
