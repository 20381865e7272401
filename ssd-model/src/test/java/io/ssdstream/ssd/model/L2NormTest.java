package io.ssdstream.ssd.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

class L2NormTest {

    @Test
    void aLocationWithAllChannelsZeroHasTorchsFiniteGradientNotNaN() {
        try (NDManager manager = NDManager.newBaseManager()) {
            L2Norm norm = new L2Norm(2);
            norm.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 1, 2));
            // location 0 has channels (0, 0), as after a ReLU that silenced them all; location 1 has (3, 4)
            NDArray x = manager.create(new float[] {0, 3, 0, 4}, new Shape(1, 2, 1, 2));
            x.setRequiresGradient(true);
            NDArray out;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                out = norm.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                collector.backward(out.sum());
            }
            assertThat(out.toFloatArray()).containsExactly(0f, 20 * 0.6f, 0f, 20 * 0.8f);
            // torch's F.normalize gives the same: x / max(|x|, eps) has slope scale / eps at |x| = 0, and the norm
            // branch contributes nothing there; at (3, 4): 20 * (1 / 5 - x_i * 7 / 125)
            float[] gradient = x.getGradient().toFloatArray();
            assertThat(gradient).containsExactly(new float[] {2e13f, 0.64f, 2e13f, -0.48f}, within(1e-4f * 2e13f));
            assertThat(gradient[1]).isCloseTo(0.64f, within(1e-5f));
            assertThat(gradient[3]).isCloseTo(-0.48f, within(1e-5f));
        }
    }
}
