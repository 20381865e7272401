package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.ssdstream.ssd.model.SsdArchitecture;
import io.ssdstream.ssd.model.SsdNetwork;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BackboneFreezingTest {

    private static Set<String> keys;

    @BeforeAll
    static void stateDictKeys() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SsdNetwork network = new SsdNetwork(SsdArchitecture.ssd300(3).withWidth(0.0625));
            network.initialize(manager, DataType.FLOAT32, network.inputShape(1));
            keys = Set.copyOf(network.stateDict().keySet());
        }
    }

    @Test
    void allFiveTrainableFreezesNothing() {
        assertThat(BackboneFreezing.frozenKeys(keys, 5)).isEmpty();
    }

    @Test
    void fourTrainableFreezesConv1() {
        assertThat(BackboneFreezing.frozenKeys(keys, 4)).containsExactly(
                "backbone.features.0.bias", "backbone.features.0.weight",
                "backbone.features.2.bias", "backbone.features.2.weight");
    }

    @Test
    void oneTrainableFreezesConv1ToConv4AndZeroAlsoConv5() {
        Set<String> one = BackboneFreezing.frozenKeys(keys, 1);
        assertThat(one).hasSize(20).allMatch(k -> k.startsWith("backbone.features."));

        Set<String> zero = BackboneFreezing.frozenKeys(keys, 0);
        assertThat(zero).hasSize(26).containsAll(one)
                .contains("backbone.extra.0.1.weight", "backbone.extra.0.3.bias", "backbone.extra.0.5.weight")
                .noneMatch(k -> k.startsWith("backbone.extra.0.7."))
                .doesNotContain("backbone.scale_weight");
    }
}
