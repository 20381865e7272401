package io.ssdstream.ssd.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.io.WeightBinding;
import org.junit.jupiter.api.Test;

/**
 * The fp16 inference path (a FLOAT16-initialised copy with converted weights, since DJL cannot cast a block),
 * exercised on the CPU: the GPU runs exactly these lines.
 */
class HalfPrecisionTest {

    @Test
    void aFloat16CopyComputesWhatTheFloat32NetworkDoesWithinHalfPrecision() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdArchitecture architecture = SsdArchitecture.ssd300(4).withWidth(0.125);
            SsdNetwork single = new SsdNetwork(architecture);
            single.initialize(manager, DataType.FLOAT32, single.inputShape(1));
            SsdNetwork half = new SsdNetwork(architecture);
            half.initialize(manager, DataType.FLOAT16, half.inputShape(1));
            WeightBinding.bind(WeightBinding.snapshot(single, "fp32"), half);
            for (Parameter p : half.stateDict().values()) {
                assertThat(p.getArray().getDataType()).isEqualTo(DataType.FLOAT16);
            }

            NDArray input = manager.randomUniform(-120, 150, single.inputShape(2));
            NDList expected = single.forward(new ParameterStore(manager, false), new NDList(input), false);
            NDList actual = half.forward(new ParameterStore(manager, false),
                    new NDList(input.toType(DataType.FLOAT16, false)), false);
            for (int output = 0; output < 2; output++) {
                NDArray reference = expected.get(output);
                NDArray result = actual.get(output);
                assertThat(result.getDataType()).isEqualTo(DataType.FLOAT16);
                float scale = reference.abs().max().getFloat();
                float error = result.toType(DataType.FLOAT32, false).sub(reference).abs().max().getFloat();
                assertThat(error).as("max error of output %d relative to its largest value %f", output, scale)
                        .isLessThan(0.01f * scale);
            }
        }
    }
}
