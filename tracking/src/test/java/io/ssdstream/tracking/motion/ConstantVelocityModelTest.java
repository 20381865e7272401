package io.ssdstream.tracking.motion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ssdstream.tracking.Box;
import org.junit.jupiter.api.Test;

class ConstantVelocityModelTest {

    /** A 40x80 box moving right at 100 px/s, seen at uneven times (0.1 s, 0.2 s, 0.05 s apart). */
    @Test
    void learnsTheVelocityFromUnevenStepsAndPredictsAcrossAGap() {
        double[] times = {0, 0.1, 0.3, 0.35, 0.5, 0.6, 0.8, 0.9, 1.0};
        BoxMotion motion = ConstantVelocityModel.start(Box.ofCentre(100, 200, 40, 80));
        for (int i = 1; i < times.length; i++) {
            var prediction = ConstantVelocityModel.predict(motion, times[i] - times[i - 1]);
            motion = prediction.correct(Box.ofCentre(100 + 100 * times[i], 200, 40, 80));
        }
        // noise-free observations of a constant velocity: after nine of them the estimate is close to 100 px/s
        assertThat(motion.mean()[4]).isCloseTo(100, within(10.0));
        // one second unseen: the true centre is at 100 + 100 * 2.0 = 300; a frame-count model would say 1.0 + 1 step
        Box predicted = ConstantVelocityModel.predict(motion, 1.0).box();
        assertThat(predicted.centreX()).isCloseTo(300, within(10.0));
        assertThat(predicted.centreY()).isCloseTo(200, within(1.0));
        assertThat(predicted.width()).isCloseTo(40, within(1.0));
    }

    /** A box moving right at 100 px/s whose height shrank by 100 px/s, to 40 px, as it went behind something. */
    @Test
    void aHeldSizeStaysAsLastSeenWhileTheCentreMovesOn() {
        BoxMotion motion = ConstantVelocityModel.start(Box.ofCentre(100, 200, 40, 120));
        for (int i = 1; i <= 8; i++) {
            Box seen = Box.ofCentre(100 + 10 * i, 200, 40, 120 - 10 * i);
            motion = ConstantVelocityModel.predict(motion, 0.1).correct(seen);
        }
        // extrapolated over the next 0.5 s the height would drop towards nothing; held, it stays as last estimated
        assertThat(ConstantVelocityModel.predict(motion, 0.5).box().height()).isLessThan(20);
        Box held = ConstantVelocityModel.predict(ConstantVelocityModel.holdSize(motion), 0.5).box();
        assertThat(held.height()).isCloseTo(motion.box().height(), within(0.01));
        assertThat(held.centreX()).isCloseTo(230, within(10.0));
    }

    @Test
    void uncertaintyGrowsWithTheElapsedTime() {
        BoxMotion motion = ConstantVelocityModel.start(Box.ofCentre(0, 0, 10, 10));
        double shortGap = ConstantVelocityModel.predict(motion, 0.1).estimate().covariance()[0];
        double longGap = ConstantVelocityModel.predict(motion, 1.0).estimate().covariance()[0];
        assertThat(longGap).isGreaterThan(shortGap);
    }

    @Test
    void refusesANegativeStep() {
        BoxMotion motion = ConstantVelocityModel.start(Box.ofCentre(0, 0, 10, 10));
        assertThatThrownBy(() -> ConstantVelocityModel.predict(motion, -0.04))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.04");
    }
}
