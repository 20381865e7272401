package io.ssdstream.ssd.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightBindingTest {

    private static final SsdArchitecture SMALL = SsdArchitecture.ssd300(4).withWidth(0.0625);

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private SsdNetwork network(SsdArchitecture architecture) {
        SsdNetwork network = new SsdNetwork(architecture);
        network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
        return network;
    }

    private static NDArray forward(SsdNetwork network, NDArray input) {
        NDList out = network.forward(new ParameterStore(input.getManager(), false), new NDList(input), false);
        return out.get(SsdNetwork.CLASS_LOGITS);
    }

    @Test
    void aTorchSaveCheckpointOfTheNetworkRebuildsIdenticalOutputs(@TempDir Path dir) throws Exception {
        SsdNetwork original = network(SMALL);
        TorchSaveWriter writer = new TorchSaveWriter().folder("ssd300_vgg16_coco-b556d3b4");
        WeightBinding.snapshot(original, "memory").tensors().forEach((key, t) -> writer.tensor(key, t.values(), t.shape()));
        Path checkpoint = dir.resolve("ssd300_vgg16_coco-b556d3b4.pth");
        writer.write(checkpoint);

        StateDict loaded = TorchCheckpointReader.read(checkpoint);
        SsdArchitecture detected = WeightBinding.architectureOf(loaded);
        assertThat(detected).isEqualTo(SMALL);
        SsdNetwork rebuilt = network(detected);
        WeightBinding.bind(loaded, rebuilt);

        NDArray input = manager.randomUniform(-120, 150, rebuilt.inputShape(1));
        assertThat(forward(rebuilt, input).toFloatArray()).containsExactly(forward(original, input).toFloatArray());
    }

    @Test
    void namesMissingAndUnexpectedKeys() {
        StateDict full = WeightBinding.snapshot(network(SMALL), "model.pth");
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>(full.tensors());
        HostTensor scale = tensors.remove("backbone.scale_weight");
        tensors.put("backbone.scale", scale);
        assertThatThrownBy(() -> WeightBinding.bind(new StateDict("model.pth", tensors), network(SMALL)))
                .isInstanceOf(WeightFormatException.class)
                .hasMessageContaining("model.pth")
                .hasMessageContaining("missing keys [backbone.scale_weight]")
                .hasMessageContaining("unexpected keys [backbone.scale]");
    }

    @Test
    void namesAKeyWithTheWrongShape() {
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>(WeightBinding.snapshot(network(SMALL), "m").tensors());
        tensors.put("backbone.extra.1.0.bias", new HostTensor(new long[] {3}, new float[3]));
        assertThatThrownBy(() -> WeightBinding.bind(new StateDict("m.safetensors", tensors), network(SMALL)))
                .hasMessageContaining("'backbone.extra.1.0.bias' has shape (3)")
                .hasMessageContaining("needs (16)");
    }

    @Test
    void explainsAClassCountMismatch() {
        StateDict fourClasses = WeightBinding.snapshot(network(SMALL), "voc.pth");
        assertThatThrownBy(() -> WeightBinding.bind(fourClasses, network(SMALL.withClasses(6))))
                .hasMessageContaining("predicts 4 classes but the model has 6")
                .hasMessageContaining("head.classification_head.module_list.0.weight");
    }

    @Test
    void architectureOfReadsSsd512AndTheWidthFromTheWeights() throws Exception {
        SsdArchitecture ssd512 = SsdArchitecture.ssd512(3).withWidth(0.125);
        assertThat(WeightBinding.architectureOf(WeightBinding.snapshot(network(ssd512), "m"))).isEqualTo(ssd512);
    }

    @Test
    void refusesAStateDictOfAnotherNetwork() {
        LinkedHashMap<String, HostTensor> resnet = new LinkedHashMap<>();
        resnet.put("conv1.weight", new HostTensor(new long[] {64, 3, 7, 7}, new float[64 * 3 * 49]));
        assertThatThrownBy(() -> WeightBinding.architectureOf(new StateDict("resnet.pth", resnet)))
                .hasMessageContaining("resnet.pth")
                .hasMessageContaining("not an SSD/VGG16 state dict");
    }
}
