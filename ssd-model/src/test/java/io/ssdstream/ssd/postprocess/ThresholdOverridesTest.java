package io.ssdstream.ssd.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ThresholdOverridesTest {

    private static final DetectionThresholds MODEL = new DetectionThresholds(0.3, 0.5, 100, 20);

    @Test
    void noneKeepsTheModelsThresholds() {
        assertThat(ThresholdOverrides.NONE.applyTo(MODEL)).isEqualTo(MODEL);
    }

    @Test
    void onlyTheValuesSetReplaceTheModels() {
        assertThat(new ThresholdOverrides(null, 0.7, null, 5).applyTo(MODEL))
                .isEqualTo(new DetectionThresholds(0.3, 0.7, 100, 5));
        assertThat(new ThresholdOverrides(0.05, null, 300, null).applyTo(MODEL))
                .isEqualTo(new DetectionThresholds(0.05, 0.5, 300, 20));
    }

    @Test
    void anOutOfRangeValueIsRefusedBeforeAnyModelIsSeen() {
        assertThatThrownBy(() -> new ThresholdOverrides(1.0, null, null, null))
                .hasMessage("score threshold must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new ThresholdOverrides(null, null, 0, null))
                .hasMessage("top-k candidates per class must be at least 1, got 0");
    }
}
