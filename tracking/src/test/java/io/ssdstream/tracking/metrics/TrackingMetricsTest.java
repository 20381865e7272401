package io.ssdstream.tracking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ssdstream.tracking.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackingMetricsTest {

    private static final Box A = new Box(0, 0, 100, 100);
    private static final Box B = new Box(300, 0, 400, 100);
    private static final Box C = new Box(600, 0, 700, 100);
    /** A shifted 25 px: IoU with A = 75x100 / (2 x 10000 - 7500) = 0.6. */
    private static final Box A_SHIFTED = new Box(25, 0, 125, 100);

    private static LabelledBox at(long id, Box box) {
        return new LabelledBox(id, box);
    }

    @Test
    void clearMotCountsMissesFalsePositivesAndSwitches() {
        List<FrameTruth> frames = List.of(
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(10, A), at(20, B))),
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(10, A), at(20, B))),
                // object 1 now carries hypothesis 20 (switch); object 2 is missed; 30 is on nothing
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(20, A), at(30, C))),
                // object 1 keeps 20 (no switch); object 2 was last matched to 20, now to 10 (switch)
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(20, A), at(10, B))));
        ClearMot.Result r = ClearMot.evaluate(frames, 0.5);
        // 8 object-frames, 7 matched, 1 missed, 1 false positive, 2 switches: MOTA = 1 - (1 + 1 + 2) / 8 = 0.5
        assertThat(r.objects()).isEqualTo(8);
        assertThat(r.matches()).isEqualTo(7);
        assertThat(r.misses()).isEqualTo(1);
        assertThat(r.falsePositives()).isEqualTo(1);
        assertThat(r.idSwitches()).isEqualTo(2);
        assertThat(r.mota()).isCloseTo(0.5, within(1e-12));
        assertThat(r.idSwitchesPerThousand()).isCloseTo(250, within(1e-9));
        assertThat(r.meanIou()).isCloseTo(1, within(1e-12));
    }

    @Test
    void clearMotKeepsAStillValidCorrespondenceOverABetterFittingNewcomer() {
        // frame 2: hypothesis 10 drifted to IoU 0.6 (still >= 0.5) and 11 sits exactly on the object. The rule keeps
        // 10 (no switch) and counts 11 as a false positive: 2 matches, 1 FP, MOTA = 1 - 1/2 = 0.5; mean IoU (1+0.6)/2
        List<FrameTruth> frames = List.of(
                new FrameTruth(List.of(at(1, A)), List.of(at(10, A))),
                new FrameTruth(List.of(at(1, A)), List.of(at(10, A_SHIFTED), at(11, A))));
        ClearMot.Result r = ClearMot.evaluate(frames, 0.5);
        assertThat(r.idSwitches()).isZero();
        assertThat(r.falsePositives()).isEqualTo(1);
        assertThat(r.mota()).isCloseTo(0.5, within(1e-12));
        assertThat(r.meanIou()).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void idf1PairsEachObjectWithOneHypothesisForTheWholeSequence() {
        // object 1 is covered by 10 in frames 1-2 and by 20 in frames 3-4: only one of them can be its identity,
        // worth 2 object-frames. Object 2 is covered by 30 throughout: 4. IDTP = 6 of 8 true and 8 hypothesis
        // boxes: IDF1 = 2 x 6 / (8 + 8) = 0.75, IDFP = 8 - 6 = 2, IDFN = 8 - 6 = 2
        List<FrameTruth> frames = List.of(
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(10, A), at(30, B))),
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(10, A), at(30, B))),
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(20, A), at(30, B))),
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(20, A), at(30, B))));
        IdentityMetrics.Result r = IdentityMetrics.evaluate(frames, 0.5);
        assertThat(r.truePositives()).isEqualTo(6);
        assertThat(r.falsePositives()).isEqualTo(2);
        assertThat(r.falseNegatives()).isEqualTo(2);
        assertThat(r.idf1()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void idf1MaximisesAgreementNotTheNumberOfPairs() {
        // agreements: (1,10) = 3 frames, (1,20) = 1, (2,10) = 1, (2,20) = 0. Pairing 1-10 alone gives 3; pairing
        // 1-20 and 2-10 gives 2 pairs but only 2. The right IDTP is 3, of 5 true and 5 hypothesis boxes: 0.6
        List<FrameTruth> frames = List.of(
                new FrameTruth(List.of(at(1, A)), List.of(at(10, A))),
                new FrameTruth(List.of(at(1, A)), List.of(at(10, A))),
                new FrameTruth(List.of(at(1, A)), List.of(at(10, A))),
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(20, A), at(10, B))));
        IdentityMetrics.Result r = IdentityMetrics.evaluate(frames, 0.5);
        assertThat(r.truePositives()).isEqualTo(3);
        assertThat(r.idf1()).isCloseTo(2.0 * 3 / 10, within(1e-12));
    }

    @Test
    void aPerfectTrackerScoresOne() {
        List<FrameTruth> frames = List.of(
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(7, A), at(8, B))),
                new FrameTruth(List.of(at(1, A), at(2, B)), List.of(at(7, A), at(8, B))));
        assertThat(ClearMot.evaluate(frames, 0.5).mota()).isEqualTo(1);
        assertThat(IdentityMetrics.evaluate(frames, 0.5).idf1()).isEqualTo(1);
    }

    @Test
    void refusesAnIdTwiceInOneFrame() {
        assertThatThrownBy(() -> new FrameTruth(List.of(at(1, A), at(1, B)), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ground-truth id 1");
    }
}
