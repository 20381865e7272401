package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.model.SsdNetwork;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The weight readers on files real PyTorch wrote ({@link TorchFixtures}), against what torch said it saved. */
class RealTorchFilesTest {

    private static Map<String, long[]> expectedShapes;
    private static StateDict fp32;

    @BeforeAll
    static void readFp32() throws IOException {
        expectedShapes = TorchFixtures.stateDictShapes();
        fp32 = TorchCheckpointReader.read(TorchFixtures.file("fp32.pth"));
    }

    @Test
    void fp32StateDictHasTorchsKeysInOrderShapesAndFloatStorages() throws IOException {
        assertThat(expectedShapes).hasSize(71);
        assertKeysAndShapes(fp32, "");
        assertThat(storageClasses(TorchFixtures.file("fp32.pth"))).containsOnlyKeys(expectedShapes.keySet())
                .allSatisfy((key, storage) -> assertThat(storage).as(key).isEqualTo("FloatStorage"));
    }

    @Test
    void fp16StateDictHoldsTheFp32ValuesRoundedToHalf() throws IOException {
        Path file = TorchFixtures.file("fp16.pth");
        StateDict fp16 = TorchCheckpointReader.read(file);

        assertKeysAndShapes(fp16, "");
        assertThat(storageClasses(file)).allSatisfy((key, storage) -> assertThat(storage).as(key).isEqualTo("HalfStorage"));
        boolean anyRounded = false;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (String key : expectedShapes.keySet()) {
                float[] full = fp32.get(key).values();
                // PyTorch's own float32 -> float16 -> float32 rounding, independent of the reader's decoding
                float[] rounded = manager.create(full).toType(DataType.FLOAT16, false).toType(DataType.FLOAT32, false)
                        .toFloatArray();
                assertThat(fp16.get(key).values()).as(key).containsExactly(rounded);
                anyRounded |= !Arrays.equals(rounded, full);
            }
        }
        assertThat(anyRounded).as("the fp16 file differs from the fp32 one somewhere").isTrue();
    }

    @Test
    void trainingCheckpointIsReadFromItsModelEntry() throws IOException {
        StateDict model = TorchCheckpointReader.read(TorchFixtures.file("checkpoint.pth"));

        assertKeysAndShapes(model, "");
        // the checkpoint holds the model after one SGD step from the fp32 state dict; torch measured how far it moved
        double squares = 0;
        for (String key : expectedShapes.keySet()) {
            float[] before = fp32.get(key).values();
            float[] after = model.get(key).values();
            for (int i = 0; i < before.length; i++) {
                squares += Math.pow((double) after[i] - before[i], 2);
            }
        }
        double torchsStepNorm = Double.parseDouble(
                SafetensorsReader.metadata(TorchFixtures.outputs()).get("checkpoint_step_norm"));
        assertThat(torchsStepNorm).isPositive();
        assertThat(Math.sqrt(squares)).isCloseTo(torchsStepNorm, within(1e-9 * torchsStepNorm));
    }

    @Test
    void legacyFormatHoldsExactlyTheFp32StateDict() throws IOException {
        // torch.save wrote the same state dict in both formats
        StateDict legacy = TorchCheckpointReader.read(TorchFixtures.file("legacy.pth"));

        assertKeysAndShapes(legacy, "");
        expectedShapes.keySet().forEach(key -> assertThat(legacy.get(key)).as(key).isEqualTo(fp32.get(key)));
    }

    @Test
    void legacyTrainingCheckpointStepsOverItsOptimizerStoragesToTheModel() throws IOException {
        // the same checkpoint dict torch.save wrote as checkpoint.pth; its momentum buffers lie between the tensors
        StateDict legacy = TorchCheckpointReader.read(TorchFixtures.file("legacy-checkpoint.pth"));
        StateDict zip = TorchCheckpointReader.read(TorchFixtures.file("checkpoint.pth"));

        assertKeysAndShapes(legacy, "");
        expectedShapes.keySet().forEach(key -> assertThat(legacy.get(key)).as(key).isEqualTo(zip.get(key)));
    }

    @Test
    void ddpStateDictReadsUnderItsModulePrefixAndBindingNamesThePrefix() throws IOException {
        Path file = TorchFixtures.file("ddp.pth");
        StateDict ddp = TorchCheckpointReader.read(file);

        assertKeysAndShapes(ddp, "module.");
        expectedShapes.keySet().forEach(key -> assertThat(ddp.get("module." + key)).as(key).isEqualTo(fp32.get(key)));
        assertThatThrownBy(() -> WeightBinding.architectureOf(ddp))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("every key starts with 'module.', as DistributedDataParallel names them");
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(WeightBinding.architectureOf(fp32));
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            assertThatThrownBy(() -> WeightBinding.bind(ddp, network))
                    .isInstanceOf(WeightFormatException.class)
                    .hasMessageContaining("every key starts with 'module.', as DistributedDataParallel names them");
        }
    }

    private static void assertKeysAndShapes(StateDict dict, String prefix) {
        assertThat(dict.tensors().keySet())
                .containsExactlyElementsOf(expectedShapes.keySet().stream().map(key -> prefix + key).toList());
        expectedShapes.forEach((key, shape) -> assertThat(dict.get(prefix + key).shape()).as(key).isEqualTo(shape));
    }

    /** The torch storage class of each tensor of the state dict, as the pickle names it. */
    private static Map<String, String> storageClasses(Path file) throws IOException {
        try (TorchArchive archive = TorchArchive.open(file)) {
            Map<?, ?> root = (Map<?, ?>) TorchUnpickler.load(file, archive.pickleEntry(), archive.pickle());
            LinkedHashMap<String, String> classes = new LinkedHashMap<>();
            root.forEach((key, value) -> classes.put((String) key, ((TensorRef) value).storage().storageClass()));
            return classes;
        }
    }
}
