package io.ssdstream.ssd.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NonMaximumSuppressionTest {

    private static int[] keep(float[] boxes, double threshold) {
        int[] kept = new int[boxes.length / 4];
        int count = NonMaximumSuppression.suppress(boxes, boxes.length / 4, threshold, kept);
        return Arrays.copyOf(kept, count);
    }

    @Test
    void emptyInputKeepsNothing() {
        assertThat(keep(new float[0], 0.45)).isEmpty();
    }

    @Test
    void aSuppressedBoxDoesNotSuppressOthers() {
        // IoU(0,1) = IoU(1,2) = 80/120; IoU(0,2) = 60/140. At 0.5, 0 suppresses 1, and 1 is gone before it
        // could suppress 2; at 0.4, 0 suppresses both.
        float[] boxes = {
            0, 0, 10, 10,
            2, 0, 12, 10,
            4, 0, 14, 10,
        };
        assertThat(keep(boxes, 0.5)).containsExactly(0, 2);
        assertThat(keep(boxes, 0.4)).containsExactly(0);
        assertThat(keep(boxes, 0.7)).containsExactly(0, 1, 2);
    }

    @Test
    void identicalBoxesKeepTheFirst() {
        float[] boxes = {5, 5, 9, 9, 5, 5, 9, 9};
        assertThat(keep(boxes, 0.45)).containsExactly(0);
        assertThat(keep(boxes, 1.0)).containsExactly(0, 1);
    }
}
