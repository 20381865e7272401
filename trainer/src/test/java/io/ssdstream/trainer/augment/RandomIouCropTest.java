package io.ssdstream.trainer.augment;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomIouCropTest {

    private static final int ANY_OVERLAP = 0;
    private static final int KEEP = 6;

    /** A 100x100 image with boxes whose centres fall inside, on the edge of, and outside the crops below. */
    private static Sample scene() {
        return Scenes.sample(Scenes.coordinates(100, 100),
                new PixelBox(30, 30, 50, 50),   // centre (40, 40)
                new PixelBox(10, 20, 30, 60),   // centre (20, 40): on the left edge of the crop at x = 20
                new PixelBox(70, 60, 90, 80),   // centre (80, 70)
                new PixelBox(0, 0, 10, 10));    // centre (5, 5)
    }

    /** The draw that makes {@code int(100 * (min + (max - min) * r))} equal {@code pixels}. */
    private static double side(int pixels, double min, double max) {
        return ((pixels + 0.5) / 100 - min) / (max - min);
    }

    /** The draw that makes {@code int(room * r)} equal {@code offset}. */
    private static double offset(int offset, int room) {
        return (offset + 0.5) / room;
    }

    /** Draws for the 65x70 crop at (20, 10) with the SSD scale range 0.3-1. */
    private static double[] crop65x70At20x10(double min, double max) {
        return new double[] {side(65, min, max), side(70, min, max), offset(20, 35), offset(10, 30)};
    }

    @Test
    void keepsObjectsWhoseCentreIsStrictlyInsideShiftedAndClampedToTheCrop() {
        ScriptedRandom random = new ScriptedRandom().picks(ANY_OVERLAP).draws(crop65x70At20x10(0.3, 1.0));

        Sample cropped = RandomIouCrop.ssd().apply(scene(), random);

        assertThat(cropped.image().width()).isEqualTo(65);
        assertThat(cropped.image().height()).isEqualTo(70);
        assertThat(cropped.objects()).extracting(Annotation::label).containsExactly(1, 3);
        assertThat(cropped.objects()).extracting(Annotation::box).containsExactly(
                new PixelBox(10, 20, 30, 40), new PixelBox(50, 50, 65, 70));
        // crop pixel (0, 0) is image pixel (20, 10); the last is (84, 79)
        assertThat(cropped.image().channel(0, 0, 0)).isEqualTo(20);
        assertThat(cropped.image().channel(0, 0, 1)).isEqualTo(10);
        assertThat(cropped.image().channel(64, 69, 0)).isEqualTo(84);
        assertThat(cropped.image().channel(64, 69, 1)).isEqualTo(79);
        assertThat(random.exhausted()).isTrue();
    }

    @Test
    void theKeepOptionReturnsTheImageUnchanged() {
        Sample scene = scene();

        assertThat(RandomIouCrop.ssd().apply(scene, new ScriptedRandom().picks(KEEP))).isSameAs(scene);
    }

    @Test
    void rejectsCropsBelowTheMinimumIouOrOutsideTheAspectRangeAndTriesAgain() {
        RandomIouCrop crop = new RandomIouCrop(0.1, 1.0, 0.5, 2.0, new double[] {0.0, 0.5}, 3);
        ScriptedRandom random = new ScriptedRandom().picks(1)
                // best IoU of the 65x70 crop is 400 / 4550 < 0.5
                .draws(crop65x70At20x10(0.1, 1.0))
                // 100 x 20 has aspect 5: rejected before any offset is drawn
                .draws(side(100, 0.1, 1.0), side(20, 0.1, 1.0))
                // 20 x 20 exactly on the first object: IoU 1
                .draws(side(20, 0.1, 1.0), side(20, 0.1, 1.0), offset(30, 80), offset(30, 80));

        Sample cropped = crop.apply(scene(), random);

        assertThat(cropped.image().width()).isEqualTo(20);
        assertThat(cropped.objects()).extracting(Annotation::box).containsExactly(new PixelBox(0, 0, 20, 20));
        assertThat(random.exhausted()).isTrue();
    }

    @Test
    void drawsANewOptionWhenEveryTrialFails() {
        RandomIouCrop crop = new RandomIouCrop(0.3, 1.0, 0.5, 2.0, new double[] {0.9, 1.0}, 1);
        Sample scene = Scenes.sample(Scenes.coordinates(100, 100), new PixelBox(60, 60, 100, 100));
        // option 0.9, one trial: the 30x30 crop at the origin holds no object centre; then option "keep"
        ScriptedRandom random = new ScriptedRandom().picks(0, 1).draws(0, 0, 0, 0);

        assertThat(crop.apply(scene, random)).isSameAs(scene);
        assertThat(random.exhausted()).isTrue();
    }

    @Test
    void objectsKeepTheirFlags() {
        Sample flagged = new Sample("s", Scenes.coordinates(100, 100),
                List.of(new Annotation(2, new PixelBox(30, 30, 50, 50), true, false)));

        Sample cropped = RandomIouCrop.ssd().apply(flagged,
                new ScriptedRandom().picks(ANY_OVERLAP).draws(crop65x70At20x10(0.3, 1.0)));

        assertThat(cropped.objects()).containsExactly(new Annotation(2, new PixelBox(10, 20, 30, 40), true, false));
    }
}
