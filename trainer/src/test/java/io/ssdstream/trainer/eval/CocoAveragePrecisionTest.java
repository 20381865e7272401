package io.ssdstream.trainer.eval;

import static io.ssdstream.trainer.eval.Cases.box;
import static io.ssdstream.trainer.eval.Cases.crowd;
import static io.ssdstream.trainer.eval.Cases.detection;
import static io.ssdstream.trainer.eval.Cases.image;
import static io.ssdstream.trainer.eval.Cases.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ssdstream.scenes.PixelBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases following pycocotools' {@code evaluateImg} and {@code accumulate}. Precision there is
 * {@code tp / (tp + fp + eps)}, so a perfect curve averages to one ulp below 1: compared within 1e-12.
 */
class CocoAveragePrecisionTest {

    private static final PixelBox LARGE = box(0, 0, 100, 100);
    private static final PixelBox OTHER_LARGE = box(200, 0, 300, 100);
    private static final PixelBox FAR = box(400, 400, 500, 500);

    @Test
    void aPerfectDetectionScoresOneEverywhereItsSizeCounts() {
        PixelBox small = box(10, 10, 30, 30);
        List<EvaluationImage> images = List.of(image(List.of(object(1, small)), List.of(detection(1, 0.5, small))));

        CocoAveragePrecision.Result r = CocoAveragePrecision.evaluate(images, 2);

        assertThat(r.ap()).isCloseTo(1.0, within(1e-12));
        assertThat(r.ap50()).isCloseTo(1.0, within(1e-12));
        assertThat(r.ap75()).isCloseTo(1.0, within(1e-12));
        assertThat(r.apSmall()).isCloseTo(1.0, within(1e-12));
        assertThat(r.apMedium()).isNull();
        assertThat(r.apLarge()).isNull();
    }

    @Test
    void anOverlapOf062CountsAtThresholds050To060Only() {
        List<EvaluationImage> images = List.of(image(List.of(object(1, LARGE)),
                List.of(detection(1, 0.5, box(0, 0, 100, 62)))));

        CocoAveragePrecision.Result r = CocoAveragePrecision.evaluate(images, 2);

        assertThat(r.ap()).isCloseTo(0.3, within(1e-12));
        assertThat(r.ap50()).isCloseTo(1.0, within(1e-12));
        assertThat(r.ap75()).isEqualTo(0.0);
        assertThat(r.apLarge()).isCloseTo(0.3, within(1e-12));
    }

    @Test
    void aDuplicateIsAFalsePositive() {
        // TP, FP, TP over 2 objects: precision 1 for recall levels 0..0.50 (51 levels), 2/3 for 0.51..1 (50 levels)
        List<EvaluationImage> images = List.of(image(List.of(object(1, LARGE), object(1, OTHER_LARGE)),
                List.of(detection(1, 0.9, LARGE), detection(1, 0.8, LARGE), detection(1, 0.7, OTHER_LARGE))));

        assertThat(CocoAveragePrecision.evaluate(images, 2).ap()).isCloseTo((51 + 50 * 2.0 / 3) / 101, within(1e-9));
    }

    @Test
    void crowdRegionsAbsorbAnyNumberOfDetectionsAndAreNotCounted() {
        PixelBox crowdRegion = box(200, 200, 400, 400);
        List<EvaluationImage> images = List.of(image(List.of(object(1, LARGE), crowd(1, crowdRegion)),
                List.of(detection(1, 0.9, box(220, 220, 300, 300)), detection(1, 0.85, box(300, 300, 390, 390)),
                        detection(1, 0.8, LARGE))));

        // both crowd detections overlap the crowd by their whole own area: ignored, so the ranking is one TP
        assertThat(CocoAveragePrecision.evaluate(images, 2).ap()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void withoutTheCrowdTheSameDetectionsWouldBeFalsePositives() {
        List<EvaluationImage> images = List.of(image(List.of(object(1, LARGE)),
                List.of(detection(1, 0.9, box(220, 220, 300, 300)), detection(1, 0.85, box(300, 300, 390, 390)),
                        detection(1, 0.8, LARGE))));

        // FP, FP, TP: recall reaches 1 at precision 1/3 -> every recall level reads 1/3
        assertThat(CocoAveragePrecision.evaluate(images, 2).ap()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void equalScoresRankInImageOrder() {
        List<EvaluationImage> falseFirst = List.of(
                image(List.of(), List.of(detection(1, 0.8, FAR))),
                image(List.of(object(1, LARGE)), List.of(detection(1, 0.8, LARGE))));

        // FP then TP: recall 0, 1 at precision 0, 1/2 -> the envelope reads 1/2 at every level
        assertThat(CocoAveragePrecision.evaluate(falseFirst, 2).ap()).isCloseTo(0.5, within(1e-9));
        List<EvaluationImage> trueFirst = List.of(falseFirst.get(1), falseFirst.get(0));
        assertThat(CocoAveragePrecision.evaluate(trueFirst, 2).ap()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void classesWithoutObjectsAreLeftOutOfTheMean() {
        List<EvaluationImage> images = List.of(image(List.of(object(1, LARGE)),
                List.of(detection(1, 0.9, LARGE), detection(2, 0.9, OTHER_LARGE))));

        CocoAveragePrecision.Result r = CocoAveragePrecision.evaluate(images, 3);

        assertThat(r.perClass().get(0)).isNull();
        assertThat(r.perClass().get(1)).isCloseTo(1.0, within(1e-12));
        assertThat(r.perClass().get(2)).isNull();
        assertThat(r.ap()).isCloseTo(1.0, within(1e-12));
        assertThat(CocoAveragePrecision.evaluate(List.of(image(List.of(), List.of())), 3).ap()).isNull();
    }

    @Test
    void objectsOutsideTheAreaRangeAreIgnoredNotMissed() {
        PixelBox small = box(0, 0, 20, 20);
        List<EvaluationImage> images = List.of(image(List.of(object(1, small), object(1, OTHER_LARGE)),
                List.of(detection(1, 0.9, OTHER_LARGE))));

        CocoAveragePrecision.Result r = CocoAveragePrecision.evaluate(images, 2);

        // the small object is missed: AP over all sizes is 1/2 (recall stops at 0.5), AP large is 1, AP small 0
        assertThat(r.apLarge()).isCloseTo(1.0, within(1e-12));
        assertThat(r.apSmall()).isEqualTo(0.0);
        assertThat(r.ap()).isCloseTo(51.0 / 101, within(1e-12));
    }

    @Test
    void thresholdsMatchNumpysLinspace() {
        // np.linspace(.5, .95, 10), printed by numpy
        assertThat(CocoAveragePrecision.thresholds()).containsExactly(0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85,
                0.8999999999999999, 0.95);
    }
}
