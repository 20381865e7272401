package io.ssdstream.ssd.boxes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SsdMatcherTest {

    private static final SsdMatcher MATCHER = new SsdMatcher(0.5);

    @Test
    void anOverlapOfExactlyTheThresholdMatches() {
        long[] matches = match(new float[][] {
            {0.5f, 0.49f, 0.2f, 0.0f, 0.7f},
            {0.1f, 0.3f, 0.55f, 0.8f, 0.6f}});
        // a0: 0.5 >= 0.5 -> gt 0; a1: best 0.49 -> unmatched; a2, a3 -> gt 1; a4: 0.7 beats 0.6 -> gt 0
        assertThat(matches).containsExactly(0, -1, 1, 1, 0);
    }

    @Test
    void everyGroundTruthClaimsItsBestAnchorBelowTheThreshold() {
        long[] matches = match(new float[][] {
            {0.1f, 0.3f, 0.2f},
            {0.6f, 0.2f, 0.1f}});
        assertThat(matches).containsExactly(1, 0, -1);
    }

    @Test
    void aClaimOverridesABetterOverlapOfAnotherBox() {
        // a1 overlaps gt 0 more (0.9), but it is gt 1's best anchor, so gt 1 takes it
        long[] matches = match(new float[][] {
            {0.95f, 0.9f},
            {0.1f, 0.3f}});
        assertThat(matches).containsExactly(0, 1);
    }

    @Test
    void whenTwoBoxesClaimTheSameAnchorTheLaterWins() {
        long[] matches = match(new float[][] {
            {0.9f, 0.1f, 0.0f},
            {0.8f, 0.0f, 0.2f},
            {0.3f, 0.05f, 0.1f}});
        assertThat(matches).containsExactly(2, -1, -1);
    }

    @Test
    void tiesGoToTheFirstIndex() {
        // gt 0 is equally close to all anchors: it claims anchor 0 only
        assertThat(match(new float[][] {{0.3f, 0.3f, 0.3f}})).containsExactly(0, -1, -1);
        // anchor 0 is equally close to both boxes: it takes gt 0
        assertThat(match(new float[][] {
            {0.6f, 0.9f, 0.0f},
            {0.6f, 0.0f, 0.9f}})).containsExactly(0, 0, 1);
    }

    @Test
    void noGroundTruthLeavesEveryAnchorUnmatched() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray matches = MATCHER.match(m.zeros(new Shape(0, 4)));
            assertThat(matches.getDataType()).isEqualTo(DataType.INT64);
            assertThat(matches.toLongArray()).containsExactly(-1, -1, -1, -1);
        }
    }

    @Test
    void returnsOneInt64PerAnchor() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray matches = MATCHER.match(m.create(new float[] {0.7f, 0.1f, 0.2f}, new Shape(1, 3)));
            assertThat(matches.getShape()).isEqualTo(new Shape(3));
            assertThat(matches.getDataType()).isEqualTo(DataType.INT64);
        }
    }

    @Test
    void rejectsAQualityMatrixThatIsNotTwoDimensional() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> MATCHER.match(m.zeros(new Shape(4))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("(ground truths, anchors)");
        }
        assertThatThrownBy(() -> new SsdMatcher(1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
    }

    private static long[] match(float[][] quality) {
        try (NDManager m = NDManager.newBaseManager()) {
            return MATCHER.match(m.create(quality)).toLongArray();
        }
    }
}
