package io.ssdstream.trainer.eval;

import static io.ssdstream.trainer.eval.Cases.box;
import static io.ssdstream.trainer.eval.Cases.detection;
import static io.ssdstream.trainer.eval.Cases.difficult;
import static io.ssdstream.trainer.eval.Cases.image;
import static io.ssdstream.trainer.eval.Cases.object;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ssdstream.scenes.PixelBox;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases. With ranked outcomes TP, FP, TP over 2 objects: recall 0.5, 0.5, 1 and precision 1, 0.5,
 * 2/3; the envelope is 1 up to recall 0.5 and 2/3 after, so the area AP is 0.5 + 0.5 * 2/3 = 5/6, and the
 * 11-point AP is (6 * 1 + 5 * 2/3) / 11 = 28/33.
 */
class VocAveragePrecisionTest {

    private static final PixelBox A = box(0, 0, 10, 10);
    private static final PixelBox B = box(20, 20, 30, 30);
    private static final PixelBox FAR = box(100, 100, 110, 110);
    private static final double TP_FP_TP_AREA = 5.0 / 6;
    private static final double TP_FP_TP_ELEVEN = 28.0 / 33;

    @Test
    void equalScoresRankInImageOrderThenDetectorOrder() {
        List<EvaluationImage> images = List.of(
                image(List.of(object(1, A)), List.of(detection(1, 0.9, A))),
                image(List.of(object(1, B)), List.of(detection(1, 0.8, FAR), detection(1, 0.8, B))));

        VocAveragePrecision.Result result = VocAveragePrecision.evaluate(images, 2);

        assertThat(result.area().get(1)).isCloseTo(TP_FP_TP_AREA, within(1e-12));
        assertThat(result.elevenPoint().get(1)).isCloseTo(TP_FP_TP_ELEVEN, within(1e-12));
    }

    @Test
    void aTieAcrossImagesFollowsImageOrder() {
        List<EvaluationImage> falseFirst = List.of(
                image(List.of(), List.of(detection(1, 0.8, FAR))),
                image(List.of(object(1, A)), List.of(detection(1, 0.8, A))));
        List<EvaluationImage> trueFirst = List.of(falseFirst.get(1), falseFirst.get(0));

        // FP then TP: recall 0, 1 and precision 0, 1/2 -> AP 1/2; the other order finds the object first -> AP 1
        assertThat(VocAveragePrecision.evaluate(falseFirst, 2).meanArea()).isCloseTo(0.5, within(1e-12));
        assertThat(VocAveragePrecision.evaluate(trueFirst, 2).meanArea()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aSecondDetectionOfTheSameObjectIsAFalsePositive() {
        List<EvaluationImage> images = List.of(image(List.of(object(1, A), object(1, B)),
                List.of(detection(1, 0.9, A), detection(1, 0.8, box(0, 0, 10, 9)), detection(1, 0.7, B))));

        assertThat(VocAveragePrecision.evaluate(images, 2).area().get(1)).isCloseTo(TP_FP_TP_AREA, within(1e-12));
    }

    @Test
    void aDuplicateDoesNotFallBackToTheSecondBestObject() {
        // objects overlap; the second detection's best object (IoU 0.8) is taken, its second best (0.6) is free
        PixelBox left = box(0, 0, 10, 10);
        PixelBox right = box(2, 0, 12, 10);
        List<EvaluationImage> images = List.of(image(List.of(object(1, left), object(1, right)),
                List.of(detection(1, 0.9, left), detection(1, 0.8, box(0, 0, 10, 10)))));

        double[][] curve = VocAveragePrecision.precisionRecall(images, 1);

        assertThat(curve[0]).containsExactly(0.5, 0.5);
        assertThat(curve[1]).containsExactly(1.0, 0.5);
    }

    @Test
    void detectionsOfDifficultObjectsAreIgnoredAndDifficultObjectsNeedNotBeFound() {
        List<EvaluationImage> images = List.of(image(List.of(object(1, A), difficult(1, B)),
                List.of(detection(1, 0.9, B), detection(1, 0.8, A), detection(1, 0.7, FAR))));

        // effective ranking TP, FP over one countable object: precision 1 at full recall
        assertThat(VocAveragePrecision.evaluate(images, 2).area().get(1)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aClassWithoutObjectsHasNoApAndStaysOutOfTheMean() {
        List<EvaluationImage> images = List.of(image(List.of(object(1, A)),
                List.of(detection(1, 0.9, A), detection(2, 0.95, B))));

        VocAveragePrecision.Result result = VocAveragePrecision.evaluate(images, 4);

        assertThat(result.area()).containsExactly(null, 1.0, null, null);
        assertThat(result.meanArea()).isEqualTo(1.0);
        assertThat(result.meanElevenPoint()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aClassNeverDetectedScoresZeroAndNoClassesMeansNoMean() {
        List<EvaluationImage> images = List.of(
                image(List.of(object(1, A), object(2, B)), List.of(detection(1, 0.9, A))));

        VocAveragePrecision.Result result = VocAveragePrecision.evaluate(images, 3);

        assertThat(result.area().get(2)).isEqualTo(0.0);
        assertThat(result.elevenPoint().get(2)).isEqualTo(0.0);
        assertThat(result.meanArea()).isEqualTo(0.5);
        assertThat(VocAveragePrecision.evaluate(List.of(image(List.of(), List.of())), 3).meanArea()).isNull();
    }

    @Test
    void overlapMustExceedOneHalf() {
        // IoU exactly 0.5: 10x10 object, 10x5 detection inside it
        List<EvaluationImage> images = List.of(image(List.of(object(1, A)), List.of(detection(1, 0.9, box(0, 0, 10, 5)))));

        assertThat(VocAveragePrecision.evaluate(images, 2).area().get(1)).isEqualTo(0.0);
    }
}
