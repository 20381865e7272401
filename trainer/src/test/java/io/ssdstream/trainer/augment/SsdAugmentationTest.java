package io.ssdstream.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import io.ssdstream.scenes.Seeds;
import io.ssdstream.trainer.data.SyntheticScenes;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SsdAugmentationTest {

    @Test
    void everyOutputBoxLiesInsideItsImageWithPositiveArea() {
        SyntheticScenes scenes = new SyntheticScenes(40, 11);
        SsdAugmentation augmentation = new SsdAugmentation();
        Set<String> sizes = new HashSet<>();
        for (int i = 0; i < scenes.size(); i++) {
            Sample original = scenes.load(i);
            Sample out = augmentation.apply(original, Seeds.stream(5, i));
            sizes.add(out.image().width() + "x" + out.image().height());
            assertThat(out.objects().size()).isLessThanOrEqualTo(original.objects().size());
            for (Annotation object : out.objects()) {
                PixelBox b = object.box();
                assertThat(b.hasArea()).as("box %s of scene %d", b, i).isTrue();
                assertThat(b.x1()).isGreaterThanOrEqualTo(0);
                assertThat(b.y1()).isGreaterThanOrEqualTo(0);
                assertThat(b.x2()).isLessThanOrEqualTo(out.image().width());
                assertThat(b.y2()).isLessThanOrEqualTo(out.image().height());
            }
        }
        // zoom-out and crops change the size of most images
        assertThat(sizes.size()).isGreaterThan(30);
    }

    @Test
    void theSameStreamGivesTheSameResult() {
        Sample scene = new SyntheticScenes(1, 2).load(0);
        Sample a = new SsdAugmentation().apply(scene, Seeds.stream(9, 1));
        Sample b = new SsdAugmentation().apply(scene, Seeds.stream(9, 1));

        assertThat(a.image().pixels()).isEqualTo(b.image().pixels());
        assertThat(a.objects()).isEqualTo(b.objects());
    }
}
