package io.ssdstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    /** 5 steps per epoch, warm-up over 4 steps from 0.001, x0.1 at epochs 2 and 3. */
    private final LearningRateSchedule schedule = new LearningRateSchedule(0.01, List.of(2, 3), 0.1, 4, 0.001, 5);

    @Test
    void warmsUpLinearlyFromTheFactor() {
        assertThat(schedule.at(0)).isCloseTo(0.01 * 0.001, within(1e-15));
        assertThat(schedule.at(2)).isCloseTo(0.01 * (0.001 + 0.999 * 2 / 4), within(1e-15));
        assertThat(schedule.at(4)).isEqualTo(0.01);
        assertThat(schedule.at(9)).isEqualTo(0.01);
    }

    @Test
    void decaysAtEachMilestoneEpoch() {
        assertThat(schedule.at(10)).isCloseTo(0.001, within(1e-15));
        assertThat(schedule.at(14)).isCloseTo(0.001, within(1e-15));
        assertThat(schedule.at(15)).isCloseTo(0.0001, within(1e-15));
        assertThat(schedule.at(1000)).isCloseTo(0.0001, within(1e-15));
    }
}
