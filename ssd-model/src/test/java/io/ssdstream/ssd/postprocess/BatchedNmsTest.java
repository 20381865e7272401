package io.ssdstream.ssd.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchedNmsTest {

    /** Feeds candidates in the given (score) order; returns the positions kept. */
    private static List<Integer> keep(float[] boxes, int[] classes, double threshold) {
        BatchedNms nms = new BatchedNms(3, threshold);
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            if (nms.keep(classes[i], boxes, 4 * i)) {
                kept.add(i);
            }
        }
        return kept;
    }

    private static List<Integer> keepOneClass(float[] boxes, double threshold) {
        return keep(boxes, new int[boxes.length / 4], threshold);
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
        assertThat(keepOneClass(boxes, 0.5)).containsExactly(0, 2);
        assertThat(keepOneClass(boxes, 0.4)).containsExactly(0);
        assertThat(keepOneClass(boxes, 0.7)).containsExactly(0, 1, 2);
    }

    @Test
    void theThresholdIsStrict() {
        float[] boxes = {5, 5, 9, 9, 5, 5, 9, 9};
        assertThat(keepOneClass(boxes, 0.45)).containsExactly(0);
        assertThat(keepOneClass(boxes, 1.0)).containsExactly(0, 1);
    }

    @Test
    void classesAreSuppressedIndependently() {
        // the same box three times: a second class keeps its copy, the repeat of class 0 is suppressed
        float[] boxes = {5, 5, 9, 9, 5, 5, 9, 9, 5, 5, 9, 9};
        assertThat(keep(boxes, new int[] {0, 2, 0}, 0.45)).containsExactly(0, 1);
    }

    @Test
    void keepsAsManyBoxesAsItIsGiven() {
        // disjoint boxes are all kept, past any initial capacity
        int count = 100;
        float[] boxes = new float[4 * count];
        for (int i = 0; i < count; i++) {
            boxes[4 * i] = 20 * i;
            boxes[4 * i + 2] = 20 * i + 10;
            boxes[4 * i + 3] = 10;
        }
        assertThat(keepOneClass(boxes, 0.01)).hasSize(count);
    }

    @Test
    void refusesAModelWithoutClasses() {
        assertThatThrownBy(() -> new BatchedNms(0, 0.45)).hasMessageContaining("at least one class, got 0");
    }
}
