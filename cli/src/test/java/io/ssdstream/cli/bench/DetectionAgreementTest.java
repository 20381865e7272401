package io.ssdstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ssdstream.ssd.postprocess.DetectedObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionAgreementTest {

    private static DetectedObject car(float score, float x) {
        return new DetectedObject(3, "car", score, x, 100, x + 100, 200);
    }

    @Test
    void theSameBoxesWithSlightlyOtherScoresAgreeAndReportTheLargestDifference() {
        DetectionAgreement agreement = DetectionAgreement.of(
                List.of(List.of(car(0.9f, 0), car(0.8f, 300)), List.of(car(0.7f, 50))),
                List.of(List.of(car(0.8f, 300.5f), car(0.91f, 0)), List.of(car(0.69f, 50))));

        assertThat(agreement.confident()).isEqualTo(3);
        assertThat(agreement.matched()).isEqualTo(3);
        assertThat(agreement.matchedFraction()).isEqualTo(1.0);
        assertThat(agreement.maxScoreDelta()).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void aMovedBoxAnotherClassOrAnExtraDetectionDoNotMatch() {
        DetectedObject person = new DetectedObject(1, "person", 0.9f, 300, 100, 400, 200);
        DetectionAgreement agreement = DetectionAgreement.of(
                List.of(List.of(car(0.9f, 0), car(0.9f, 300))),
                // 10 px to the right is IoU 0.82; the second is a person where the car was; one more car
                List.of(List.of(car(0.9f, 10), person, car(0.9f, 600))));

        assertThat(agreement.confident()).isEqualTo(3);
        assertThat(agreement.matched()).isZero();
    }

    @Test
    void detectionsBelowTheConfidentScoreAreNotCompared() {
        DetectionAgreement agreement = DetectionAgreement.of(List.of(List.of(car(0.4f, 0))), List.of(List.of()));

        assertThat(agreement.confident()).isZero();
        assertThat(agreement.matchedFraction()).isEqualTo(1.0);
    }
}
