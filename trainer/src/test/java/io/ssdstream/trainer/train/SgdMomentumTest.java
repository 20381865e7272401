package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.ssdstream.ssd.io.StateDict;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * torch.optim.SGD(momentum=0.9, weight_decay=0.1) by hand, with loss sum(c * w) so the gradient is c = (0.5, 1):
 * from w0 = (1, -2) at lr 0.1, v1 = c + 0.1 w0 = (0.6, 0.8), w1 = (0.94, -2.08); v2 = 0.9 v1 + c + 0.1 w1 =
 * (1.134, 1.512), w2 = (0.8266, -2.2312).
 */
class SgdMomentumTest {

    private static Parameter parameter(NDManager manager, float... values) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        p.setArray(array);
        return p;
    }

    private static void backward(NDManager manager, Parameter w) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray c = scope.create(new float[] {0.5f, 1f});
            collector.backward(c.mul(w.getArray()).sum());
        }
    }

    @Test
    void followsTorchSgdWithMomentumAndWeightDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = parameter(manager, 1, -2);
            try (SgdMomentum sgd = new SgdMomentum(Map.of("w", w), 0.9, 0.1)) {
                backward(manager, w);
                SgdMomentum.Update update = sgd.step(0.1, 0);
                assertThat(update.applied()).isTrue();
                assertThat(update.gradientNorm()).isCloseTo(Math.sqrt(1.25), within(1e-6));
                assertThat(w.getArray().toFloatArray()).containsExactly(new float[] {0.94f, -2.08f}, within(1e-6f));

                backward(manager, w);
                sgd.step(0.1, 0);
                assertThat(w.getArray().toFloatArray()).containsExactly(new float[] {0.8266f, -2.2312f}, within(1e-6f));
                assertThat(sgd.state().get("w").values()).containsExactly(new float[] {1.134f, 1.512f}, within(1e-6f));
            }
        }
    }

    @Test
    void clipsTheGlobalGradientNormBeforeWeightDecay() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = parameter(manager, 1, -2);
            try (SgdMomentum sgd = new SgdMomentum(Map.of("w", w), 0.9, 0.1)) {
                backward(manager, w);
                sgd.step(0.1, 0.5);
                double scale = 0.5 / Math.sqrt(1.25);
                float[] expected = {(float) (1 - 0.1 * (0.5 * scale + 0.1)), (float) (-2 - 0.1 * (scale - 0.2))};
                assertThat(w.getArray().toFloatArray()).containsExactly(expected, within(1e-6f));
            }
        }
    }

    @Test
    void aNonFiniteGradientSkipsTheUpdateAndIsClearedWithoutLeaking() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = parameter(manager, 1, -2);
            try (SgdMomentum sgd = new SgdMomentum(Map.of("w", w), 0.9, 0.1)) {
                try (NDManager scope = manager.newSubManager();
                        GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray c = scope.create(new float[] {Float.POSITIVE_INFINITY, 1f});
                    collector.backward(c.mul(w.getArray()).sum());
                }
                int arrays = manager.getManagedArrays().size();

                SgdMomentum.Update update = sgd.step(0.1, 10);

                assertThat(update.applied()).isFalse();
                assertThat(update.gradientNorm()).isInfinite();
                assertThat(w.getArray().toFloatArray()).containsExactly(1f, -2f);
                assertThat(sgd.state().get("w").values()).containsExactly(0f, 0f);
                try (NDArray gradient = w.getArray().getGradient()) {
                    assertThat(gradient.toFloatArray()).containsExactly(0f, 0f);
                }
                assertThat(manager.getManagedArrays()).hasSize(arrays);
            }
        }
    }

    @Test
    void gradientsAreClearedAfterEachStepAndStateRestores() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Parameter w = parameter(manager, 1, -2);
            StateDict saved;
            try (SgdMomentum sgd = new SgdMomentum(Map.of("w", w), 0.9, 0.1)) {
                backward(manager, w);
                sgd.step(0.1, 0);
                try (NDArray gradient = w.getArray().getGradient()) {
                    assertThat(gradient.toFloatArray()).containsExactly(0f, 0f);
                }
                saved = sgd.state();
            }
            try (SgdMomentum restored = new SgdMomentum(Map.of("w", w), 0.9, 0.1)) {
                restored.restore(saved);
                assertThat(restored.state().get("w").values()).containsExactly(0.6f, 0.8f);
            }
        }
    }
}
