package io.ssdstream.ssd.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HardNegativeMiningTest {

    private static final HardNegativeMining THREE_TO_ONE = new HardNegativeMining(3);

    @Test
    void keepsThreeNegativesPerPositiveWithTheHighestLoss() {
        float[] losses = {9, 0.5f, 3, 0.1f, 2, 7, 1, 0.2f};
        boolean[] positive = {true, false, false, false, false, false, false, false};
        assertThat(THREE_TO_ONE.select(losses, positive, 8))
                .containsExactly(false, false, true, false, true, true, false, false);
    }

    @Test
    void selectsPerImage() {
        float[] losses = {1, 2, 3, 4, 4, 3, 2, 1};
        boolean[] positive = {false, false, false, false, false, true, false, false};
        // image 0 has no positive, so no negatives; image 1 takes its 3 worst negatives
        assertThat(THREE_TO_ONE.select(losses, positive, 4))
                .containsExactly(false, false, false, false, true, false, true, true);
    }

    @Test
    void equalLossesGoToTheLowerAnchorIndex() {
        float[] losses = {1, 1, 1, 1, 1, 1};
        boolean[] positive = {false, false, true, false, false, false};
        assertThat(THREE_TO_ONE.select(losses, positive, 6))
                .containsExactly(true, true, false, true, false, false);
    }

    @Test
    void nanRanksFirstAsInTorchsDescendingSort() {
        float[] losses = {5, Float.NaN, 4, 3, 2, 1};
        boolean[] positive = {false, false, false, false, false, true};
        assertThat(THREE_TO_ONE.select(losses, positive, 6))
                .containsExactly(true, true, true, false, false, false);
    }

    @Test
    void positivesFillTheRanksLeftWhenNegativesRunOut() {
        float[] losses = {5, 4, 3, 2};
        boolean[] positive = {true, false, true, false};
        // six wanted, two negatives exist: the ranking continues into the positives, lower index first
        assertThat(THREE_TO_ONE.select(losses, positive, 4)).containsExactly(true, true, true, true);
        assertThat(new HardNegativeMining(1).select(new float[] {5, 4, 3, 2, 9}, new boolean[] {true, true, true,
            false, false}, 5)).containsExactly(true, false, false, true, true);
    }

    @Test
    void negativeAndZeroLossesAreStillRankedByValue() {
        float[] losses = {-0.0f, 0.0f, -1, Float.POSITIVE_INFINITY, 0.5f};
        boolean[] positive = {false, false, false, false, true};
        assertThat(new HardNegativeMining(2).select(losses, positive, 5))
                .containsExactly(false, true, false, true, false);
    }

    @Test
    void rejectsMismatchedLengths() {
        assertThatThrownBy(() -> THREE_TO_ONE.select(new float[6], new boolean[6], 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("images * 4");
        assertThatThrownBy(() -> new HardNegativeMining(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be negative");
    }
}
