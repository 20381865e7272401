package io.ssdstream.ssd.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectionTargetTest {

    @Test
    void holdsCopiesOfBoxesAndLabels() {
        float[] boxes = {1, 2, 3, 4};
        int[] labels = {7};
        DetectionTarget target = new DetectionTarget(boxes, labels);
        boxes[0] = 99;
        labels[0] = 99;
        assertThat(target.boxes()).containsExactly(1, 2, 3, 4);
        assertThat(target.labels()).containsExactly(7);
        target.boxes()[1] = 99;
        assertThat(target.boxes()[1]).isEqualTo(2f);
        assertThat(target.count()).isEqualTo(1);
        assertThat(target).isEqualTo(new DetectionTarget(new float[] {1, 2, 3, 4}, new int[] {7}));
        assertThat(DetectionTarget.empty().count()).isZero();
    }

    @Test
    void rejectsBoxesWithoutAreaLikeTorchvision() {
        assertThatThrownBy(() -> new DetectionTarget(new float[] {0, 0, 5, 5, 3, 1, 3, 8}, new int[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("box 1")
                .hasMessageContaining("positive width and height");
    }

    @Test
    void rejectsBackgroundLabelsAndMissingCoordinates() {
        assertThatThrownBy(() -> new DetectionTarget(new float[] {0, 0, 5, 5}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 is background");
        assertThatThrownBy(() -> new DetectionTarget(new float[] {0, 0, 5}, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 labels need 4 coordinates, got 3");
    }
}
