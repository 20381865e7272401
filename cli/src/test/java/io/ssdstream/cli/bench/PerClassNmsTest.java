package io.ssdstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.postprocess.BatchedNms;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The baseline's per-class NMS and production's one-pass batched NMS keep the same boxes. */
class PerClassNmsTest {

    @Test
    void keepsWhatBatchedNmsKeepsOnCrowdedRandomScenes() {
        SplittableRandom random = new SplittableRandom(17);
        int classes = 4;
        int suppressed = 0;
        for (int scene = 0; scene < 50; scene++) {
            int count = 1 + random.nextInt(60);
            // candidates already in score order; boxes crowd a small image so that many overlap
            int[] classOf = new int[count];
            float[] boxes = new float[4 * count];
            for (int i = 0; i < count; i++) {
                classOf[i] = random.nextInt(classes);
                float x = random.nextInt(60);
                float y = random.nextInt(60);
                boxes[4 * i] = x;
                boxes[4 * i + 1] = y;
                boxes[4 * i + 2] = x + 5 + random.nextInt(30);
                boxes[4 * i + 3] = y + 5 + random.nextInt(30);
            }
            double threshold = 0.2 + 0.6 * random.nextDouble();

            List<Integer> batched = new ArrayList<>();
            BatchedNms nms = new BatchedNms(classes, threshold);
            for (int i = 0; i < count; i++) {
                if (nms.keep(classOf[i], boxes, 4 * i)) {
                    batched.add(i);
                }
            }

            List<Integer> perClass = new ArrayList<>();
            for (int cls = 0; cls < classes; cls++) {
                int[] positions = new int[count];
                int n = 0;
                float[] classBoxes = new float[4 * count];
                for (int i = 0; i < count; i++) {
                    if (classOf[i] == cls) {
                        System.arraycopy(boxes, 4 * i, classBoxes, 4 * n, 4);
                        positions[n++] = i;
                    }
                }
                int[] kept = new int[n];
                int keptCount = PerClassNms.suppress(classBoxes, n, threshold, kept);
                for (int k = 0; k < keptCount; k++) {
                    perClass.add(positions[kept[k]]);
                }
            }

            assertThat(perClass).as("scene %d", scene).containsExactlyInAnyOrderElementsOf(batched);
            suppressed += count - batched.size();
        }
        assertThat(suppressed).as("the scenes are crowded enough to suppress boxes").isGreaterThan(100);
    }
}
