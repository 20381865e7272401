package io.ssdstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.scenes.Annotation;
import io.ssdstream.scenes.CrossingScene;
import io.ssdstream.scenes.PixelBox;
import io.ssdstream.scenes.RgbImage;
import io.ssdstream.scenes.Sample;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrossingFramesTest {

    /** The simple style's class colours (SceneRenderer), disc red, block green, triangle blue, cross yellow. */
    private static final int[][] CLASS_COLOURS = {{220, 40, 40}, {40, 180, 60}, {40, 70, 220}, {230, 200, 30}};

    @Test
    void everyOtherFrameShowsTwoObjectsOfOneClassOverlappingAndTheTruthIsTheScenes() {
        CrossingFrames frames = new CrossingFrames(60, 1000);
        int evenWithOverlap = 0;
        int oddWithOverlap = 0;
        int hiddenOrCut = 0;
        for (int i = 0; i < frames.size(); i++) {
            Sample frame = frames.load(i);
            CrossingScene scene = frames.scene(i);
            CrossingScene.Frame filmed = scene.frame(frames.moment(scene, i));
            assertThat(frame.objects()).as("the scene's own truth, visibility rule included")
                    .isEqualTo(filmed.sample().objects());
            assertThat(frame.image().pixels()).isEqualTo(filmed.sample().image().pixels());
            hiddenOrCut += filmed.hidden();
            boolean overlap = CrossingFrames.sameClassOverlap(frame.objects());
            if (i % 2 == 0) {
                evenWithOverlap += overlap ? 1 : 0;
            } else {
                oddWithOverlap += overlap ? 1 : 0;
            }
            for (Annotation object : frame.objects()) {
                assertThat(colouredFraction(frame.image(), object)).as("%s of frame %d shows its class's colour",
                        object, i).isGreaterThan(0.1);
            }
        }
        assertThat(evenWithOverlap).as("of 30 frames chosen for a same-class overlap").isGreaterThanOrEqualTo(24);
        assertThat(oddWithOverlap).as("of 30 random moments").isLessThan(evenWithOverlap / 2);
        assertThat(hiddenOrCut).as("objects on stage but more than half hidden, drawn and not annotated").isPositive();
    }

    @Test
    void framesAreAFunctionOfSeedAndIndexAndNoTrainingSceneIsABenchmarkScene() {
        Sample once = new CrossingFrames(10, 1000).load(3);
        Sample again = new CrossingFrames(500, 1000).load(3);
        assertThat(again.objects()).isEqualTo(once.objects());
        assertThat(again.image().pixels()).isEqualTo(once.image().pixels());
        assertThat(new CrossingFrames(10, 1001).load(3).image().pixels()).isNotEqualTo(once.image().pixels());
        // tracking-bench films the scenes of seeds 0 to N-1
        for (long seed = 0; seed < 10; seed++) {
            for (int scene = 0; scene < 10_000; scene++) {
                assertThat(Math.abs(CrossingFrames.sceneSeed(seed, scene))).isGreaterThan(1_000_000);
            }
        }
    }

    @Test
    void specsJoinedByAPlusAreOneDatasetAndAPlusInAPathStaysThere() throws Exception {
        DatasetSpec spec = DatasetSpec.parse("synthetic:3:1:simple+crossing:4:1000");
        DetectionDataset joined = spec.open(Optional.empty());

        assertThat(spec.toString()).isEqualTo("synthetic:3:1:simple+crossing:4:1000");
        assertThat(DatasetSpec.parse(spec.toString())).isEqualTo(spec);
        assertThat(joined.size()).isEqualTo(7);
        assertThat(joined.description()).isEqualTo("synthetic:3:1:simple+crossing:4:1000");
        assertThat(joined.classes().names()).isEqualTo(SyntheticScenes.classList().names());
        assertThat(joined.load(2).objects()).isEqualTo(DatasetSpec.parse("synthetic:3:1:simple")
                .open(Optional.empty()).load(2).objects());
        assertThat(joined.load(3).image().pixels()).isEqualTo(new CrossingFrames(4, 1000).load(0).image().pixels());
        assertThat(DatasetSpec.parse("voc:/data/a+b:test").location()).isEqualTo("/data/a+b");
    }

    /** The fraction of the object's box in the colour of its class. */
    private static double colouredFraction(RgbImage image, Annotation object) {
        int[] colour = CLASS_COLOURS[object.label() - 1];
        PixelBox box = object.box();
        int inColour = 0;
        int all = 0;
        for (int y = (int) box.y1(); y < (int) Math.ceil(box.y2()); y++) {
            for (int x = (int) box.x1(); x < (int) Math.ceil(box.x2()); x++) {
                all++;
                boolean near = true;
                for (int c = 0; c < 3; c++) {
                    near &= Math.abs(image.channel(x, y, c) - colour[c]) < 40;
                }
                inColour += near ? 1 : 0;
            }
        }
        return inColour / (double) all;
    }
}
