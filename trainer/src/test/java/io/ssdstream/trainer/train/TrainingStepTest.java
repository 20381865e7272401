package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.anchors.DefaultBoxes;
import io.ssdstream.ssd.boxes.BoxCoder;
import io.ssdstream.ssd.boxes.SsdMatcher;
import io.ssdstream.ssd.loss.MultiBoxLoss;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import io.ssdstream.trainer.data.SyntheticScenes;
import org.junit.jupiter.api.Test;

class TrainingStepTest {

    @Test
    void aStepLeavesNoArrayBehindInTheModelsManager() throws Exception {
        SsdArchitecture architecture = SsdArchitecture.ssd300(5).withWidth(0.0625);
        try (NDManager manager = NDManager.newBaseManager();
                BatchLoader loader = new BatchLoader(new SyntheticScenes(4, 1), (s, r) -> s,
                        new InputEncoder(300, Trainer.FROM_SCRATCH_NORMALIZATION), 1, 2, 1)) {
            SsdNetwork network = new SsdNetwork(architecture);
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            try (SgdMomentum sgd = new SgdMomentum(network.stateDict(), 0.9, 5e-4)) {
                float[] anchors = new DefaultBoxes(architecture).cornerFormPixels();
                TrainingStep step = new TrainingStep(manager, network, anchors,
                        new MultiBoxLoss(3, new SsdMatcher(0.5), BoxCoder.SSD), sgd, 10);
                step.run(loader.batch(0), 1e-3, 0);
                int arrays = manager.getManagedArrays().size();

                TrainingStep.Loss loss = step.run(loader.batch(1), 1e-3, 1);
                step.run(loader.batch(2), 1e-3, 2);

                assertThat(manager.getManagedArrays()).hasSize(arrays);
                assertThat(loss.total()).isPositive().isFinite();
                assertThat(loss.gradientNorm()).isPositive();
            }
        }
    }
}
